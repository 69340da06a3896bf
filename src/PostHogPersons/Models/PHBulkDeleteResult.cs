namespace PostHogPersons.Models
{
    /// <summary>
    /// The summary of one Invoke-PHPersonBulkDelete run, added up over every bulk_delete
    /// request, including those a resumed run found finished in its state file. Counts
    /// PostHog did not report are null rather than guessed.
    /// </summary>
    public sealed class PHBulkDeleteResult
    {
        /// <summary>Uuid or DistinctId: which kind of id was sent.</summary>
        public string IdKind { get; set; }

        /// <summary>Distinct ids given, after duplicates were dropped.</summary>
        public int Requested { get; set; }

        /// <summary>bulk_delete requests the ids make (at most 1000 ids each).</summary>
        public int Batches { get; set; }

        /// <summary>Requests answered in this run.</summary>
        public int BatchesSent { get; set; }

        /// <summary>Requests answered in an earlier run, read from the state file.</summary>
        public int BatchesResumed { get; set; }

        /// <summary>
        /// Ids of this many earlier requests that never got an answer were sent again
        /// (counted in <see cref="BatchesSent"/> too).
        /// </summary>
        public int BatchesResent { get; set; }

        /// <summary>Requests that got no answer in this run (failed or not sent).</summary>
        public int BatchesUnfinished { get; set; }

        /// <summary>Persons PostHog found; null when an answer had no summary.</summary>
        public int? PersonsFound { get; set; }

        /// <summary>Persons PostHog deleted; null when an answer had no summary.</summary>
        public int? PersonsDeleted { get; set; }

        /// <summary>Whether PostHog queued the deletion of the persons' events.</summary>
        public bool? EventsQueuedForDeletion { get; set; }

        /// <summary>Whether PostHog queued the deletion of the persons' recordings.</summary>
        public bool? RecordingsQueuedForDeletion { get; set; }

        /// <summary>UUIDs of the persons PostHog found but failed to delete.</summary>
        public PHStringList DeletionErrors { get; set; }

        /// <summary>Whether every answered request reported its counts.</summary>
        public bool CountsKnown { get; set; }

        /// <summary>What the numbers cannot tell, in words; empty when nothing.</summary>
        public string Note { get; set; }

        /// <summary>The state file of the run, when -StatePath was given.</summary>
        public string StatePath { get; set; }

        /// <summary>One line: requested, found and deleted.</summary>
        public override string ToString() =>
            $"{Requested} requested in {Batches} {(Batches == 1 ? "batch" : "batches")}: "
            + $"{(PersonsFound?.ToString() ?? "unknown")} found, "
            + $"{(PersonsDeleted?.ToString() ?? "unknown")} deleted";
    }
}
