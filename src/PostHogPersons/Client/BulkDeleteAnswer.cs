using System.Collections.Generic;
using System.Text.Json;

namespace PostHogPersons.Client
{
    /// <summary>
    /// What one bulk_delete request reported. Current PostHog answers 202 with a summary;
    /// older versions answered 202 with no body, and then the counts are unknown (null).
    /// </summary>
    public sealed class BulkDeleteAnswer
    {
        /// <summary>The HTTP status.</summary>
        public int StatusCode { get; set; }

        /// <summary>Whether the answer carried a summary.</summary>
        public bool HasSummary { get; set; }

        /// <summary>persons_found, or null without a summary.</summary>
        public int? PersonsFound { get; set; }

        /// <summary>persons_deleted, or null without a summary.</summary>
        public int? PersonsDeleted { get; set; }

        /// <summary>events_queued_for_deletion, or null without a summary.</summary>
        public bool? EventsQueued { get; set; }

        /// <summary>recordings_queued_for_deletion, or null without a summary.</summary>
        public bool? RecordingsQueued { get; set; }

        /// <summary>The person_uuid of every deletion_errors item.</summary>
        public List<string> DeletionErrors { get; set; } = new List<string>();

        /// <summary>Reads the answer of a bulk_delete request.</summary>
        public static BulkDeleteAnswer Read(ApiResponse response)
        {
            var answer = new BulkDeleteAnswer { StatusCode = (int)response.StatusCode };
            if (response.Json == null
                || response.Json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return answer;
            }

            JsonElement root = response.Json.RootElement;
            answer.PersonsFound = root.GetInt32OrNull("persons_found");
            answer.PersonsDeleted = root.GetInt32OrNull("persons_deleted");
            answer.EventsQueued = root.GetBooleanOrNull("events_queued_for_deletion");
            answer.RecordingsQueued = root.GetBooleanOrNull("recordings_queued_for_deletion");
            answer.HasSummary = answer.PersonsFound.HasValue && answer.PersonsDeleted.HasValue;
            if (root.TryGetProperty("deletion_errors", out JsonElement errors)
                && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement item in errors.EnumerateArray())
                {
                    string uuid = item.ValueKind == JsonValueKind.Object
                        ? item.GetString("person_uuid")
                        : item.ValueKind == JsonValueKind.String ? item.GetString() : null;
                    if (uuid != null)
                    {
                        answer.DeletionErrors.Add(uuid);
                    }
                }
            }

            return answer;
        }
    }
}
