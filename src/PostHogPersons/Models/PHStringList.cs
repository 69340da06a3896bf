using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace PostHogPersons.Models
{
    /// <summary>
    /// A read-only list of strings (a person's distinct ids) whose text form joins the
    /// items with "; ", so Export-Csv writes the ids rather than a type name.
    /// </summary>
    public sealed class PHStringList : ReadOnlyCollection<string>
    {
        /// <summary>Wraps <paramref name="items"/>.</summary>
        public PHStringList(IList<string> items) : base(items) { }

        /// <summary>The items joined with "; ".</summary>
        public override string ToString() => string.Join("; ", this);
    }
}
