using System;
using System.Collections.Generic;
using System.Text.Json;

namespace PostHogPersons.Client
{
    /// <summary>Reading an existing journal: its run line, then its batch lines.</summary>
    public sealed partial class BulkDeleteJournal
    {
        private void Load(string[] lines, BulkDeleteRun run)
        {
            int last = Array.FindLastIndex(lines, line => !string.IsNullOrWhiteSpace(line));
            bool headerRead = false;
            for (int i = 0; i <= last; i++)
            {
                if (string.IsNullOrWhiteSpace(lines[i]))
                {
                    continue;
                }

                JsonDocument document;
                try
                {
                    document = JsonDocument.Parse(lines[i]);
                }
                catch (JsonException error)
                {
                    if (i == last && headerRead)
                    {
                        // A line cut short by a crash while it was written: that step did not
                        // happen.
                        break;
                    }

                    throw Corrupt(i + 1, error.Message);
                }

                using (document)
                {
                    JsonElement line = document.RootElement;
                    if (!headerRead)
                    {
                        CheckHeader(line, run);
                        headerRead = true;
                    }
                    else
                    {
                        ReadBatchLine(line, i + 1);
                    }
                }
            }
        }

        private void CheckHeader(JsonElement line, BulkDeleteRun run)
        {
            if (line.ValueKind != JsonValueKind.Object || line.GetString("journal") != Magic)
            {
                throw new BulkDeleteJournalException(
                    "StateFileMismatch",
                    $"'{Path}' is not a bulk delete state file of this module. "
                    + "Give -StatePath a new file.");
            }

            string kind = line.GetString("idKind");
            int requested = line.TryGetProperty("requested", out JsonElement count)
                && count.TryGetInt32(out int n) ? n : -1;
            if (line.GetString("fingerprint") != run.Fingerprint || kind != run.IdField)
            {
                throw new BulkDeleteJournalException(
                    "StateFileMismatch",
                    $"The state file '{Path}' belongs to another bulk delete: {requested} {kind} "
                    + $"(started {line.GetString("createdAt")}), while this run has "
                    + $"{run.Ids.Count} {run.IdField} that are not the same set. Resume with "
                    + "exactly the same ids, give -StatePath a new file, or delete the old one "
                    + "once that run no longer matters.");
            }

            bool deleteEvents = line.IsTrue("deleteEvents");
            bool deleteRecordings = line.IsTrue("deleteRecordings");
            bool keepPerson = line.IsTrue("keepPerson");
            if (deleteEvents != run.DeleteEvents
                || deleteRecordings != run.DeleteRecordings
                || keepPerson != run.KeepPerson)
            {
                throw new BulkDeleteJournalException(
                    "StateFileMismatch",
                    $"The state file '{Path}' was started with -DeleteEvents:${deleteEvents} "
                    + $"-DeleteRecordings:${deleteRecordings} -KeepPerson:${keepPerson}; "
                    + "resume with the same switches, or give -StatePath a new file.");
            }
        }

        private void ReadBatchLine(JsonElement line, int lineNumber)
        {
            if (line.ValueKind != JsonValueKind.Object
                || !line.TryGetProperty("batch", out JsonElement batch)
                || !batch.TryGetInt32(out int number))
            {
                throw Corrupt(lineNumber, "no batch number");
            }

            switch (line.GetString("state"))
            {
                case "started":
                    _started[number] = line.GetStrings("ids");
                    break;
                case "finished":
                    if (!_started.TryGetValue(number, out List<string> ids))
                    {
                        throw Corrupt(lineNumber, $"batch {number} finished but never started");
                    }

                    Finished.RemoveAll(done => done.Number == number);
                    Finished.Add(
                        new JournalBatch { Number = number, Ids = ids, Answer = ReadAnswer(line) });
                    break;
                default:
                    throw Corrupt(lineNumber, "unknown state");
            }
        }

        private static BulkDeleteAnswer ReadAnswer(JsonElement line)
        {
            var answer = new BulkDeleteAnswer
            {
                StatusCode = line.TryGetProperty("status", out JsonElement status)
                    && status.TryGetInt32(out int s)
                    ? s
                    : 0,
                HasSummary = line.IsTrue("hasSummary"),
                PersonsFound = line.GetInt32OrNull("found"),
                PersonsDeleted = line.GetInt32OrNull("deleted"),
                EventsQueued = line.GetBooleanOrNull("eventsQueued"),
                RecordingsQueued = line.GetBooleanOrNull("recordingsQueued"),
            };
            answer.DeletionErrors.AddRange(line.GetStrings("errors"));
            return answer;
        }

        private BulkDeleteJournalException Corrupt(int lineNumber, string problem) =>
            new BulkDeleteJournalException(
                "StateFileCorrupt",
                $"Line {lineNumber} of the state file '{Path}' cannot be read ({problem}). "
                + "Check the file, or give -StatePath a new file.");
    }
}
