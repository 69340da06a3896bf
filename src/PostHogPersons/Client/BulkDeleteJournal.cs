using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace PostHogPersons.Client
{
    /// <summary>
    /// The journal of a bulk delete (-StatePath): one JSON object per line, appended and
    /// flushed to disk before and after each bulk_delete request. The first line names the
    /// run (a fingerprint of its ids and its options); a batch line "started" carries the
    /// batch's ids, and "finished" what PostHog answered. A run killed between the two lines
    /// leaves a started batch without an answer; the next run over the same ids skips the
    /// finished batches and sends the rest again, which is harmless because bulk_delete
    /// ignores ids it no longer knows.
    /// </summary>
    /// <remarks>
    /// Each line is opened, appended and closed, so the file stays readable to other
    /// programs. While a journal is open, it holds "&lt;file&gt;.lock" open exclusively, so
    /// a second run on the same file at the same time is refused (StateFileInUse); the lock
    /// file is deleted when the journal is disposed, and a killed run's leftover lock file
    /// holds no lock.
    /// </remarks>
    public sealed partial class BulkDeleteJournal : IDisposable
    {
        private const string Magic = "PostHogPersons bulk delete";
        private const int Version = 1;

        private readonly Dictionary<int, List<string>> _started =
            new Dictionary<int, List<string>>();

        private BulkDeleteJournal(string path)
        {
            Path = path;
        }

        private FileStream _lock;

        /// <summary>The journal file.</summary>
        public string Path { get; }

        /// <summary>Whether the file already held this run when it was opened.</summary>
        public bool Existed { get; private set; }

        /// <summary>
        /// The batches answered in earlier runs, in the order they were answered.
        /// </summary>
        public List<JournalBatch> Finished { get; } = new List<JournalBatch>();

        /// <summary>Batches started in earlier runs that never got an answer.</summary>
        public List<JournalBatch> Unfinished => _started
            .Where(pair => Finished.All(done => done.Number != pair.Key))
            .Select(pair => new JournalBatch { Number = pair.Key, Ids = pair.Value })
            .ToList();

        /// <summary>The number to give the next batch.</summary>
        public int NextBatchNumber => _started.Count == 0 ? 1 : _started.Keys.Max() + 1;

        /// <summary>
        /// Reads the journal at <paramref name="path"/> for <paramref name="run"/>, or prepares
        /// a new one when there is no file (nothing is written until <see cref="Start"/>).
        /// </summary>
        /// <exception cref="BulkDeleteJournalException">The file belongs to another run or
        /// cannot be read.</exception>
        public static BulkDeleteJournal Open(string path, BulkDeleteRun run)
        {
            var journal = new BulkDeleteJournal(path);
            journal.Lock();
            try
            {
                return journal.Read(run);
            }
            catch
            {
                journal.Dispose();
                throw;
            }
        }

        /// <summary>Releases the lock of the file (and deletes the lock file).</summary>
        public void Dispose()
        {
            _lock?.Dispose();
            _lock = null;
        }

        private void Lock()
        {
            string directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
            if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
            {
                // Nothing can be written there; Begin says so before the first request.
                return;
            }

            string lockPath = Path + ".lock";
            try
            {
                _lock = new FileStream(
                    lockPath,
                    FileMode.OpenOrCreate,
                    FileAccess.ReadWrite,
                    FileShare.None,
                    1,
                    FileOptions.DeleteOnClose);
            }
            catch (UnauthorizedAccessException error)
            {
                throw new BulkDeleteJournalException(
                    "StateFileUnusable",
                    $"The lock file '{lockPath}' of the state file cannot be created: "
                    + error.Message,
                    error);
            }
            catch (IOException error)
            {
                throw new BulkDeleteJournalException(
                    "StateFileInUse",
                    $"The state file '{Path}' is in use by another bulk delete right now "
                    + $"(it holds '{lockPath}'); run this again when that one has ended, "
                    + "or give another -StatePath.",
                    error);
            }
        }

        private BulkDeleteJournal Read(BulkDeleteRun run)
        {
            string path = Path;
            string[] lines;
            try
            {
                if (!File.Exists(path))
                {
                    return this;
                }

                lines = File.ReadAllLines(path, Encoding.UTF8);
            }
            catch (Exception error)
                when (error is IOException || error is UnauthorizedAccessException)
            {
                throw new BulkDeleteJournalException(
                    "StateFileUnusable",
                    $"The state file '{path}' cannot be read: {error.Message}",
                    error);
            }

            if (lines.All(string.IsNullOrWhiteSpace))
            {
                return this;
            }

            Load(lines, run);
            Existed = true;
            return this;
        }

        /// <summary>
        /// The batches still to send: every id not in a finished batch, in the given order,
        /// in batches of at most <paramref name="size"/>.
        /// </summary>
        public List<List<string>> RemainingBatches(BulkDeleteRun run, int size)
        {
            var done = new HashSet<string>(Finished.SelectMany(b => b.Ids), StringComparer.Ordinal);
            var batches = new List<List<string>>();
            List<string> current = null;
            foreach (string id in run.Ids)
            {
                if (done.Contains(id))
                {
                    continue;
                }

                if (current == null || current.Count == size)
                {
                    current = new List<string>(size);
                    batches.Add(current);
                }

                current.Add(id);
            }

            return batches;
        }

        /// <summary>Writes the run line when the file is new.</summary>
        public void Begin(BulkDeleteRun run)
        {
            if (Existed)
            {
                return;
            }

            string directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
            if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
            {
                throw new BulkDeleteJournalException(
                    "StateFileUnusable", $"The folder of the state file '{Path}' does not exist.");
            }

            // The first line is written whole or not at all: a temporary file, flushed to
            // disk, then renamed into place.
            string temporary = Path + ".tmp-" + Guid.NewGuid().ToString("N");
            Write(temporary, FileMode.CreateNew, Line(writer =>
            {
                writer.WriteString("journal", Magic);
                writer.WriteNumber("version", Version);
                writer.WriteString("idKind", run.IdField);
                writer.WriteNumber("requested", run.Ids.Count);
                writer.WriteString("fingerprint", run.Fingerprint);
                writer.WriteBoolean("deleteEvents", run.DeleteEvents);
                writer.WriteBoolean("deleteRecordings", run.DeleteRecordings);
                writer.WriteBoolean("keepPerson", run.KeepPerson);
                writer.WriteString("createdAt", Now());
            }));
            try
            {
                if (File.Exists(Path))
                {
                    // Only an empty file can be here (Open read any other); it holds no run.
                    File.Delete(Path);
                }

                File.Move(temporary, Path);
            }
            catch (Exception error)
                when (error is IOException || error is UnauthorizedAccessException)
            {
                throw new BulkDeleteJournalException(
                    "StateFileUnusable",
                    $"The state file '{Path}' cannot be created: {error.Message}",
                    error);
            }

            Existed = true;
        }

        /// <summary>
        /// Records, durably, that batch <paramref name="number"/> is about to be sent.
        /// </summary>
        public void Start(int number, IList<string> ids)
        {
            Append(Line(writer =>
            {
                writer.WriteNumber("batch", number);
                writer.WriteString("state", "started");
                writer.WriteString("at", Now());
                writer.WriteStartArray("ids");
                foreach (string id in ids)
                {
                    writer.WriteStringValue(id);
                }

                writer.WriteEndArray();
            }));
            _started[number] = new List<string>(ids);
        }

        /// <summary>
        /// Records, durably, what PostHog answered for batch <paramref name="number"/>.
        /// </summary>
        public void Finish(int number, BulkDeleteAnswer answer)
        {
            Append(Line(writer =>
            {
                writer.WriteNumber("batch", number);
                writer.WriteString("state", "finished");
                writer.WriteString("at", Now());
                writer.WriteNumber("status", answer.StatusCode);
                writer.WriteBoolean("hasSummary", answer.HasSummary);
                WriteNumber(writer, "found", answer.PersonsFound);
                WriteNumber(writer, "deleted", answer.PersonsDeleted);
                WriteFlag(writer, "eventsQueued", answer.EventsQueued);
                WriteFlag(writer, "recordingsQueued", answer.RecordingsQueued);
                writer.WriteStartArray("errors");
                foreach (string uuid in answer.DeletionErrors)
                {
                    writer.WriteStringValue(uuid);
                }

                writer.WriteEndArray();
            }));
            Finished.Add(new JournalBatch
            {
                Number = number,
                Ids = _started.TryGetValue(number, out List<string> ids) ? ids : new List<string>(),
                Answer = answer,
            });
        }

        private void Append(byte[] line) => Write(Path, FileMode.Append, line);

        private static void Write(string path, FileMode mode, byte[] line)
        {
            try
            {
                using (var stream = new FileStream(path, mode, FileAccess.Write, FileShare.Read))
                {
                    stream.Write(line, 0, line.Length);
                    stream.Flush(flushToDisk: true);
                }
            }
            catch (Exception error)
                when (error is IOException || error is UnauthorizedAccessException)
            {
                throw new BulkDeleteJournalException(
                    "StateFileUnusable",
                    $"The state file '{path}' cannot be written ({error.Message}); "
                    + "stopped before the next request so that the file stays true.",
                    error);
            }
        }

        private static byte[] Line(Action<Utf8JsonWriter> members)
        {
            using (var stream = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(stream, JsonValues.WriterOptions))
                {
                    writer.WriteStartObject();
                    members(writer);
                    writer.WriteEndObject();
                }

                stream.WriteByte((byte)'\n');
                return stream.ToArray();
            }
        }

        private static string Now() =>
            DateTimeOffset.UtcNow.ToString(
                "yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

        private static void WriteNumber(Utf8JsonWriter writer, string name, int? value)
        {
            if (value.HasValue)
            {
                writer.WriteNumber(name, value.Value);
            }
            else
            {
                writer.WriteNull(name);
            }
        }

        private static void WriteFlag(Utf8JsonWriter writer, string name, bool? value)
        {
            if (value.HasValue)
            {
                writer.WriteBoolean(name, value.Value);
            }
            else
            {
                writer.WriteNull(name);
            }
        }
    }
}
