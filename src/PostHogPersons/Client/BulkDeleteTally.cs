using System.Collections.Generic;
using System.Globalization;
using PostHogPersons.Models;

namespace PostHogPersons.Client
{
    /// <summary>
    /// Adds up the answers of the bulk_delete requests of one run (including those a state
    /// file recorded in earlier runs) into a <see cref="PHBulkDeleteResult"/>, without
    /// inventing counts that PostHog did not report.
    /// </summary>
    public sealed class BulkDeleteTally
    {
        private readonly List<string> _errors = new List<string>();
        private int _found;
        private int _deleted;
        private int _answered;
        private int _withoutSummary;
        private bool _eventsQueued;
        private bool _recordingsQueued;
        private bool _eventsUnknown;
        private bool _recordingsUnknown;

        /// <summary>Counts one answered request.</summary>
        public void Add(BulkDeleteAnswer answer)
        {
            _answered++;
            if (answer.HasSummary)
            {
                _found += answer.PersonsFound.Value;
                _deleted += answer.PersonsDeleted.Value;
            }
            else
            {
                _withoutSummary++;
            }

            _eventsQueued |= answer.EventsQueued == true;
            _eventsUnknown |= !answer.EventsQueued.HasValue;
            _recordingsQueued |= answer.RecordingsQueued == true;
            _recordingsUnknown |= !answer.RecordingsQueued.HasValue;
            _errors.AddRange(answer.DeletionErrors);
        }

        /// <summary>
        /// The summary. <paramref name="unfinishedIds"/> counts the ids of the batches that got
        /// no answer in this run.
        /// </summary>
        public PHBulkDeleteResult ToResult(
            BulkDeleteRun run,
            int batches,
            int sent,
            int resumed,
            int resent,
            int unfinished,
            int unfinishedIds,
            string statePath)
        {
            bool countsKnown = _withoutSummary == 0;
            var notes = new List<string>();
            if (!countsKnown)
            {
                notes.Add(Format(
                    "PostHog answered {0} of {1} requests without a summary (an older PostHog), so "
                    + "how many persons were found and deleted is unknown.",
                    _withoutSummary,
                    _answered));
            }

            if (resent > 0)
            {
                notes.Add(Format(
                    "{0} left unanswered by an earlier run {1} sent again; persons that the "
                    + "interrupted request had already deleted are not counted as found.",
                    resent == 1 ? "1 batch" : resent + " batches",
                    resent == 1 ? "was" : "were"));
            }

            if (unfinished > 0)
            {
                notes.Add(Format(
                    "{0} with {1} ids got no answer; run the command again"
                    + (statePath != null ? " with the same -StatePath" : " with -StatePath")
                    + " to finish.",
                    unfinished == 1 ? "1 batch" : unfinished + " batches",
                    unfinishedIds));
            }

            return new PHBulkDeleteResult
            {
                IdKind = run.ByDistinctId ? "DistinctId" : "Uuid",
                Requested = run.Ids.Count,
                Batches = batches,
                BatchesSent = sent,
                BatchesResumed = resumed,
                BatchesResent = resent,
                BatchesUnfinished = unfinished,
                PersonsFound = countsKnown ? _found : (int?)null,
                PersonsDeleted = countsKnown ? _deleted : (int?)null,
                EventsQueuedForDeletion = _eventsQueued ? true
                    : _eventsUnknown ? (bool?)null
                    : false,
                RecordingsQueuedForDeletion = _recordingsQueued ? true
                    : _recordingsUnknown ? (bool?)null
                    : false,
                DeletionErrors = new PHStringList(_errors),
                CountsKnown = countsKnown,
                Note = string.Join(" ", notes),
                StatePath = statePath,
            };
        }

        private static string Format(string format, params object[] values) =>
            string.Format(CultureInfo.InvariantCulture, format, values);
    }
}
