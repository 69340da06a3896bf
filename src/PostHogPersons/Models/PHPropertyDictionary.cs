using System;
using System.Collections.Generic;
using PostHogPersons.Client;

namespace PostHogPersons.Models
{
    /// <summary>
    /// A person's properties exactly as PostHog sent them. Keys are case-sensitive, so
    /// "Plan" and "plan" are two entries; values are strings, long or double numbers,
    /// booleans, null, nested <see cref="PHPropertyDictionary"/> objects and object[]
    /// arrays. <c>$_.Properties.email</c> works in PowerShell, and the text form (used by
    /// Export-Csv and string conversion) is the compact JSON.
    /// </summary>
    public sealed class PHPropertyDictionary : Dictionary<string, object>
    {
        /// <summary>Creates an empty, case-sensitive dictionary.</summary>
        public PHPropertyDictionary() : base(StringComparer.Ordinal) { }

        /// <summary>
        /// Creates an empty, case-sensitive dictionary with room for
        /// <paramref name="capacity"/> keys.
        /// </summary>
        internal PHPropertyDictionary(int capacity) : base(capacity, StringComparer.Ordinal) { }

        /// <summary>The properties as compact JSON.</summary>
        public override string ToString() => JsonValues.ToJson(this);
    }
}
