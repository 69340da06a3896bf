using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace PostHogPersons.Client
{
    /// <summary>
    /// What one bulk delete run is: which ids, of which kind, with which options.
    /// </summary>
    public sealed class BulkDeleteRun
    {
        /// <summary>
        /// Describes a run over <paramref name="ids"/> (already without duplicates).
        /// </summary>
        public BulkDeleteRun(
            IList<string> ids,
            bool byDistinctId,
            bool deleteEvents,
            bool deleteRecordings,
            bool keepPerson)
        {
            Ids = ids;
            ByDistinctId = byDistinctId;
            DeleteEvents = deleteEvents;
            DeleteRecordings = deleteRecordings;
            KeepPerson = keepPerson;
            Fingerprint = ComputeFingerprint(ids, byDistinctId);
        }

        /// <summary>The ids in the order they were given.</summary>
        public IList<string> Ids { get; }

        /// <summary>Whether the ids are distinct ids (else person UUIDs).</summary>
        public bool ByDistinctId { get; }

        public bool DeleteEvents { get; }

        public bool DeleteRecordings { get; }

        public bool KeepPerson { get; }

        /// <summary>The JSON field the ids go in: ids or distinct_ids.</summary>
        public string IdField => ByDistinctId ? "distinct_ids" : "ids";

        /// <summary>
        /// SHA-256 of the id kind and the sorted ids: the same set gives the same value.
        /// </summary>
        public string Fingerprint { get; }

        private static string ComputeFingerprint(IEnumerable<string> ids, bool byDistinctId)
        {
            var text = new StringBuilder(byDistinctId ? "distinct_ids" : "ids");
            foreach (string id in ids.OrderBy(id => id, StringComparer.Ordinal))
            {
                text.Append('\n').Append(id);
            }

            using (SHA256 sha = SHA256.Create())
            {
                byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text.ToString()));
                return BitConverter.ToString(hash).Replace("-", string.Empty).ToLowerInvariant();
            }
        }
    }
}
