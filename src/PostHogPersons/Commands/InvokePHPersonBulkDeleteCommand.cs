using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using PostHogPersons.Client;
using PostHogPersons.Client.Errors;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// <para type="synopsis">Deletes many PostHog persons with
    /// bulk_delete requests of up to 1000 ids.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "PHPersonBulkDelete", DefaultParameterSetName = UuidSet,
        SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(PHBulkDeleteResult))]
    public sealed class InvokePHPersonBulkDeleteCommand : PHCmdlet
    {
        /// <summary>The most ids PostHog takes in one bulk_delete request.</summary>
        public const int BatchSize = 1000;

        private const string UuidSet = "Uuid";
        private const string DistinctIdSet = "DistinctId";
        private const int IdsShown = 3;

        private readonly List<string> _uuids = new List<string>();
        private readonly List<string> _distinctIds = new List<string>();
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.Ordinal);
        private int _received;

        /// <summary>The UUIDs of the persons to delete.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = UuidSet,
            ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("PersonUuid", "person_uuid")]
        [AllowEmptyString]
        [AllowNull]
        [AllowEmptyCollection]
        public string[] Uuid { get; set; }

        /// <summary>Distinct ids: the whole person owning each one is deleted.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DistinctIdSet,
            ValueFromPipelineByPropertyName = true)]
        [Alias("distinct_id")]
        [AllowEmptyString]
        [AllowNull]
        [AllowEmptyCollection]
        public string[] DistinctId { get; set; }

        /// <summary>
        /// Also queue the deletion of the persons' events (PostHog deletes them later).
        /// </summary>
        [Parameter]
        public SwitchParameter DeleteEvents { get; set; }

        /// <summary>Also queue the deletion of the persons' session recordings.</summary>
        [Parameter]
        public SwitchParameter DeleteRecordings { get; set; }

        /// <summary>
        /// Keep the persons; only queue the deletions -DeleteEvents and -DeleteRecordings ask for.
        /// </summary>
        [Parameter]
        public SwitchParameter KeepPerson { get; set; }

        /// <summary>
        /// A journal file: each batch is recorded before and after it is sent, so a run that
        /// was stopped can be started again with the same ids and the same file, and goes on
        /// where it stopped.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string StatePath { get; set; }

        /// <summary>Delete without asking for confirmation (-WhatIf still only shows).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void BeginProcessing()
        {
            PersonDeletion.RequireSomething(
                this,
                DeleteEvents,
                DeleteRecordings,
                KeepPerson,
                "-KeepPerson keeps the persons, so add -DeleteEvents or -DeleteRecordings.");
            _ = Connection;
        }

        protected override void ProcessRecord()
        {
            bool byDistinctId = ParameterSetName == DistinctIdSet;
            foreach (string value in (byDistinctId ? DistinctId : Uuid) ?? new string[] { null })
            {
                _received++;
                if (string.IsNullOrWhiteSpace(value))
                {
                    ThrowTerminatingError(ErrorRecords.Invalid(
                        "EmptyId",
                        $"Id number {_received} is empty. Nothing was deleted; remove empty ids "
                        + "(or blank CSV cells) and run the command again.",
                        value));
                }

                if (byDistinctId)
                {
                    Add(_distinctIds, value);
                    continue;
                }

                if (!Guid.TryParse(value.Trim(), out Guid uuid) || !PersonIds.IsUuid(value))
                {
                    ThrowTerminatingError(ErrorRecords.Invalid(
                        "InvalidPersonUuid",
                        $"'{value}' (id number {_received}) is not a person UUID. Nothing was "
                        + "deleted. To delete persons by distinct id, use -DistinctId.",
                        value));
                }

                Add(_uuids, uuid.ToString("D"));
            }
        }

        protected override void EndProcessing()
        {
            if (_uuids.Count > 0 && _distinctIds.Count > 0)
            {
                ThrowTerminatingError(ErrorRecords.Invalid(
                    "MixedIdKinds",
                    $"The input holds {_uuids.Count} UUIDs and {_distinctIds.Count} distinct ids. "
                    + "PostHog takes one kind per request, and one run deletes one kind: run the "
                    + "command once for each.",
                    null));
            }

            bool byDistinctId = _distinctIds.Count > 0;
            var run = new BulkDeleteRun(
                byDistinctId ? _distinctIds : _uuids,
                byDistinctId,
                DeleteEvents,
                DeleteRecordings,
                KeepPerson);
            string statePath = StatePath == null
                ? null
                : SessionState.Path.GetUnresolvedProviderPathFromPSPath(StatePath);
            BulkDeleteJournal journal = OpenJournal(statePath, run);
            try
            {
                List<List<string>> batches =
                    journal?.RemainingBatches(run, BatchSize) ?? Chunk(run.Ids);
                int resumed = journal?.Finished.Count ?? 0;
                if (batches.Count > 0
                    && !ShouldChange(Target(run, batches, resumed), Action, Force))
                {
                    return;
                }

                var tally = new BulkDeleteTally();
                foreach (JournalBatch done in journal?.Finished ?? new List<JournalBatch>())
                {
                    tally.Add(done.Answer);
                }

                var earlier = journal?.Unfinished ?? new List<JournalBatch>();
                var sentIds = new HashSet<string>(StringComparer.Ordinal);
                int sent = 0;
                PostHogConnection connection = Connection;
                try
                {
                    if (batches.Count > 0)
                    {
                        journal?.Begin(run);
                    }

                    Run(async token =>
                    {
                        sent = await SendAsync(
                            connection, run, journal, batches, resumed, tally, sentIds, token)
                            .ConfigureAwait(false);
                    });
                }
                catch (BulkDeleteJournalException error)
                {
                    ThrowTerminatingError(new ErrorRecord(
                        error, error.ErrorId, ErrorCategory.WriteError, statePath));
                }

                int unfinished = batches.Count - sent;
                int resent = earlier.Count(
                    batch => batch.Ids.Count > 0 && batch.Ids.All(sentIds.Contains));
                PHBulkDeleteResult result = tally.ToResult(
                    run,
                    resumed + batches.Count,
                    sent,
                    resumed,
                    resent,
                    unfinished,
                    batches.Skip(sent).Sum(batch => batch.Count),
                    statePath);
                if (!result.CountsKnown)
                {
                    WriteWarning(result.Note);
                }

                WriteObject(result);
            }
            finally
            {
                // Releases the journal's lock, also when the run is stopped or fails.
                journal?.Dispose();
            }
        }

        /// <summary>Sends the batches one by one; returns how many were answered.</summary>
        private async Task<int> SendAsync(
            PostHogConnection connection,
            BulkDeleteRun run,
            BulkDeleteJournal journal,
            List<List<string>> batches,
            int resumed,
            BulkDeleteTally tally,
            HashSet<string> sentIds,
            CancellationToken token)
        {
            int total = resumed + batches.Count;
            for (int i = 0; i < batches.Count; i++)
            {
                List<string> batch = batches[i];
                int number = journal?.NextBatchNumber ?? i + 1;
                int position = resumed + i + 1;
                var progress = new ProgressRecord(
                    1,
                    "Deleting persons (bulk_delete)",
                    $"Batch {position} of {total}: {batch.Count} ids")
                {
                    PercentComplete = (int)(100L * (position - 1) / total),
                };
                Post(() => WriteProgress(progress));

                journal?.Start(number, batch);
                ApiRequest request = PersonRequests.BulkDelete(
                    connection,
                    run.ByDistinctId,
                    batch,
                    run.DeleteEvents,
                    run.DeleteRecordings,
                    run.KeepPerson);
                BulkDeleteAnswer answer;
                try
                {
                    using (ApiResponse response = await connection.Client
                        .SendAsync(request, this, token)
                        .ConfigureAwait(false))
                    {
                        answer = BulkDeleteAnswer.Read(response);
                    }
                }
                catch (PostHogApiException error) when (PersonKeys.IsPerPerson(error))
                {
                    PostError(error, batch.ToArray());
                    return i;
                }

                journal?.Finish(number, answer);
                tally.Add(answer);
                sentIds.UnionWith(batch);
                string counts = answer.HasSummary
                    ? $"{answer.PersonsFound} found, {answer.PersonsDeleted} deleted"
                    : "no summary";
                string line = $"Batch {position} of {total}: {batch.Count} ids, {counts}";
                Post(() => WriteVerbose(line));
            }

            var done = new ProgressRecord(1, "Deleting persons (bulk_delete)", "Done")
            {
                RecordType = ProgressRecordType.Completed,
            };
            Post(() => WriteProgress(done));
            return batches.Count;
        }

        private void Add(List<string> ids, string id)
        {
            if (_seen.Add(id))
            {
                ids.Add(id);
            }
        }

        private BulkDeleteJournal OpenJournal(string path, BulkDeleteRun run)
        {
            if (path == null)
            {
                return null;
            }

            try
            {
                return BulkDeleteJournal.Open(path, run);
            }
            catch (BulkDeleteJournalException error)
            {
                ThrowTerminatingError(new ErrorRecord(
                    error, error.ErrorId, ErrorCategory.InvalidData, path));
                return null;
            }
        }

        private static List<List<string>> Chunk(IList<string> ids)
        {
            var batches = new List<List<string>>();
            for (int start = 0; start < ids.Count; start += BatchSize)
            {
                batches.Add(ids.Skip(start).Take(BatchSize).ToList());
            }

            return batches;
        }

        /// <summary>
        /// The WhatIf/confirmation target: how many ids, how many requests, the first ids.
        /// </summary>
        private static string Target(BulkDeleteRun run, List<List<string>> batches, int resumed)
        {
            int remaining = batches.Sum(batch => batch.Count);
            string kind = run.ByDistinctId ? "distinct id" : "person UUID";
            var first = batches.SelectMany(batch => batch).Take(IdsShown).ToList();
            string shown = first.Count == 0
                ? string.Empty
                : "; first: " + string.Join(", ", first)
                    + (remaining > first.Count ? ", …" : string.Empty);
            string count = resumed > 0
                ? string.Format(
                    CultureInfo.InvariantCulture,
                    "{0:N0} of {1} ({2} finished in an earlier run)",
                    remaining,
                    Count(run.Ids.Count, kind),
                    Count(resumed, "batch"))
                : Count(remaining, kind);
            return string.Format(
                CultureInfo.InvariantCulture,
                "{0} in {1} of at most {2:N0}{3}",
                count,
                Count(batches.Count, "bulk_delete request"),
                BatchSize,
                shown);
        }

        /// <summary>The confirmation action, e.g. "Delete persons".</summary>
        private string Action =>
            PersonDeletion.Describe(DeleteEvents, DeleteRecordings, KeepPerson, many: true);

        /// <summary>"1 batch", "2 batches", "2,345 person UUIDs".</summary>
        internal static string Count(int n, string noun) =>
            string.Format(
                CultureInfo.InvariantCulture,
                "{0:N0} {1}",
                n,
                n == 1 ? noun
                    : noun.EndsWith("ch", StringComparison.Ordinal) ? noun + "es"
                    : noun + "s");
    }
}
