using System;

namespace PostHogPersons.Models
{
    /// <summary>
    /// A queued deletion of a person's events and whether PostHog has verified it done.
    /// <see cref="PersonUuid"/> binds by property name to -Uuid of the other PH cmdlets.
    /// </summary>
    public sealed class PHPersonDeletion
    {
        /// <summary>The UUID of the person whose events are deleted.</summary>
        public string PersonUuid { get; set; }

        /// <summary>pending or completed.</summary>
        public string Status { get; set; }

        /// <summary>When the deletion was queued.</summary>
        public DateTimeOffset? CreatedAt { get; set; }

        /// <summary>When PostHog verified the events gone; null while pending.</summary>
        public DateTimeOffset? DeleteVerifiedAt { get; set; }

        /// <summary>The project the deletion belongs to.</summary>
        public long ProjectId { get; set; }

        /// <summary>The person and the status.</summary>
        public override string ToString() => $"{PersonUuid} ({Status})";
    }
}
