using System;

namespace PostHogPersons.Models
{
    /// <summary>
    /// One entry of PostHog's activity log about a person: who did what (updated, deleted,
    /// split_person, delete_property…) and when. <see cref="PersonId"/> and
    /// <see cref="PersonUuid"/> bind by property name to -Id and -Uuid of Get-PHPerson.
    /// </summary>
    public sealed class PHPersonActivity
    {
        /// <summary>The entry's own id (a UUID).</summary>
        public string ActivityId { get; set; }

        /// <summary>What happened: updated, deleted, split_person, delete_property…</summary>
        public string Activity { get; set; }

        /// <summary>The kind of item the entry is about; "Person" here.</summary>
        public string Scope { get; set; }

        /// <summary>The item id exactly as PostHog gives it (the person's integer id as text).</summary>
        public string ItemId { get; set; }

        /// <summary>The person's integer id, when the item id is one.</summary>
        public long? PersonId { get; set; }

        /// <summary>
        /// The person's UUID: the one asked for, else the entry's detail name when that is a
        /// UUID (PostHog puts it there for deletions, splits and deleted properties).
        /// </summary>
        public string PersonUuid { get; set; }

        /// <summary>Who did it.</summary>
        public PHActivityUser User { get; set; }

        /// <summary>PostHog's detail: changes, name, merge, trigger… exactly as sent.</summary>
        public PHPropertyDictionary Detail { get; set; }

        /// <summary>When it happened.</summary>
        public DateTimeOffset? CreatedAt { get; set; }

        /// <summary>The project the entry was read from.</summary>
        public long ProjectId { get; set; }

        /// <summary>The activity and the person, for messages.</summary>
        public override string ToString() => $"{Activity} {PersonUuid ?? ItemId}";
    }

    /// <summary>The user behind an activity entry; PostHog itself for system changes.</summary>
    public sealed class PHActivityUser
    {
        /// <summary>The user's first name ("System" for PostHog's own changes).</summary>
        public string FirstName { get; set; }

        /// <summary>The user's email address; empty for system changes.</summary>
        public string Email { get; set; }

        /// <summary>Whether PostHog made the change itself.</summary>
        public bool IsSystem { get; set; }

        /// <summary>The email, else the first name.</summary>
        public override string ToString() => string.IsNullOrEmpty(Email) ? FirstName : Email;
    }
}
