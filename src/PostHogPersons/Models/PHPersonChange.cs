namespace PostHogPersons.Models
{
    /// <summary>What a person-changing cmdlet asked PostHog to do.</summary>
    public enum PHPersonAction
    {
        /// <summary>Set or overwrite person properties.</summary>
        SetProperties,

        /// <summary>Remove person properties.</summary>
        RemoveProperties,

        /// <summary>Delete the person.</summary>
        DeletePerson,

        /// <summary>Queue the deletion of the person's events.</summary>
        DeleteEvents,

        /// <summary>Queue the deletion of the person's session recordings.</summary>
        DeleteRecordings,

        /// <summary>Move distinct ids off the person onto new persons.</summary>
        Split,
    }

    /// <summary>How far PostHog got with a change when it answered.</summary>
    public enum PHChangeStatus
    {
        /// <summary>
        /// PostHog accepted the change and applies it when it processes the event it sends
        /// itself; a read right after may still show the old values.
        /// </summary>
        Accepted,

        /// <summary>PostHog queued the work (split, deletion of events or recordings).</summary>
        Queued,

        /// <summary>PostHog removed the person before it answered.</summary>
        Deleted,
    }

    /// <summary>
    /// The receipt of one change to one person: what was sent, where, and what PostHog
    /// answered. It never claims more than the answer says: an accepted property change or
    /// a queued deletion has not necessarily happened yet.
    /// </summary>
    public sealed class PHPersonChange
    {
        /// <summary>The person's UUID; empty when the person was named by distinct id only.</summary>
        public string Uuid { get; set; }

        /// <summary>The person's integer id, when the person was named by it.</summary>
        public long? Id { get; set; }

        /// <summary>The distinct id a capture event was sent for (-UseCapture).</summary>
        public string DistinctId { get; set; }

        /// <summary>What was asked.</summary>
        public PHPersonAction Action { get; set; }

        /// <summary>How far PostHog got when it answered.</summary>
        public PHChangeStatus Status { get; set; }

        /// <summary>The properties sent, exactly as their JSON went out (SetProperties).</summary>
        public PHPropertyDictionary Properties { get; set; }

        /// <summary>The property keys removed (RemoveProperties).</summary>
        public PHStringList PropertyNames { get; set; }

        /// <summary>The distinct id that stays on the person (Split with -MainDistinctId).</summary>
        public string MainDistinctId { get; set; }

        /// <summary>The distinct ids moved to new persons (Split with -DistinctId).</summary>
        public PHStringList SplitDistinctIds { get; set; }

        /// <summary>Whether deletion of the person's events was queued (DeletePerson).</summary>
        public bool EventsQueued { get; set; }

        /// <summary>Whether deletion of the person's recordings was queued (DeletePerson).</summary>
        public bool RecordingsQueued { get; set; }

        /// <summary>The request that carried the change: method and path, no host.</summary>
        public string Request { get; set; }

        /// <summary>The HTTP status PostHog answered.</summary>
        public int StatusCode { get; set; }

        /// <summary>The action, the person and the status, for messages.</summary>
        public override string ToString() =>
            $"{Action} {(string.IsNullOrEmpty(Uuid) ? DistinctId : Uuid)}: {Status}";
    }
}
