using System;

namespace PostHogPersons.Client
{
    /// <summary>
    /// A state file that cannot be used for this run; <see cref="ErrorId"/> says why.
    /// </summary>
    public sealed class BulkDeleteJournalException : InvalidOperationException
    {
        /// <summary>Creates the exception.</summary>
        public BulkDeleteJournalException(string errorId, string message, Exception inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
        }

        /// <summary>StateFileMismatch, StateFileCorrupt, StateFileUnusable or StateFileInUse.</summary>
        public string ErrorId { get; }
    }
}
