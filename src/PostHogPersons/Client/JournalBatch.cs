using System.Collections.Generic;

namespace PostHogPersons.Client
{
    /// <summary>One bulk_delete request a journal recorded as answered.</summary>
    public sealed class JournalBatch
    {
        /// <summary>The batch number, from 1 in the order batches were started.</summary>
        public int Number { get; set; }

        /// <summary>The ids the batch sent.</summary>
        public List<string> Ids { get; set; } = new List<string>();

        /// <summary>What PostHog answered.</summary>
        public BulkDeleteAnswer Answer { get; set; }
    }
}
