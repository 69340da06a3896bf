using System;

namespace PostHogPersons.Models
{
    /// <summary>
    /// A PostHog person. <see cref="Uuid"/> identifies the person everywhere; the integer
    /// <see cref="Id"/> is known only when the person was read one at a time (PostHog's
    /// list endpoint does not return it). The identity properties bind by property name to
    /// the -Uuid, -Id and -DistinctId parameters of the other PH cmdlets.
    /// </summary>
    public sealed class PHPerson
    {
        /// <summary>The person's UUID, the id to use everywhere.</summary>
        public string Uuid { get; set; }

        /// <summary>The integer primary key; null when the list endpoint supplied the person.</summary>
        public long? Id { get; set; }

        /// <summary>PostHog's display name (email, name, username or a distinct id).</summary>
        public string Name { get; set; }

        /// <summary>The person's distinct ids, identified ones first.</summary>
        public PHStringList DistinctIds { get; set; }

        /// <summary>The person's properties, lossless and case-sensitive.</summary>
        public PHPropertyDictionary Properties { get; set; }

        /// <summary>When PostHog created the person.</summary>
        public DateTimeOffset? CreatedAt { get; set; }

        /// <summary>When the person was last seen; null when PostHog does not say.</summary>
        public DateTimeOffset? LastSeenAt { get; set; }

        /// <summary>Whether the person was identified; null when PostHog does not say.</summary>
        public bool? IsIdentified { get; set; }

        /// <summary>The project the person was read from.</summary>
        public long ProjectId { get; set; }

        /// <summary>The name and uuid, for messages and prompts.</summary>
        public override string ToString() =>
            string.IsNullOrEmpty(Name) || Name == Uuid ? Uuid : $"{Name} ({Uuid})";
    }
}
