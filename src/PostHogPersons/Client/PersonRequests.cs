using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Text.Json;

namespace PostHogPersons.Client
{
    /// <summary>
    /// Builds the requests that change persons, each as PostHog's persons API expects it:
    /// method, path, JSON body, rate-limit bucket and whether a retry is harmless.
    /// </summary>
    public static class PersonRequests
    {
        private static readonly HttpMethod Patch = new HttpMethod("PATCH");

        /// <summary>PATCH persons/{key}/ with {"properties": {...}} (202, no body).</summary>
        public static ApiRequest SetProperties(
            PostHogConnection connection, string key, IDictionary properties)
        {
            return new ApiRequest(Patch, PersonIds.PersonPath(connection, key))
            {
                JsonBody = Body(writer =>
                {
                    writer.WritePropertyName("properties");
                    JsonValues.Write(writer, properties);
                }),
                ExpectJson = false,
            };
        }

        /// <summary>
        /// POST persons/{key}/update_property/ with {"key", "value"} (202, no body).
        /// </summary>
        public static ApiRequest SetProperty(
            PostHogConnection connection, string key, string name, object value)
        {
            // Setting a value twice leaves the same value, so a retry is harmless.
            string path = PersonIds.PersonPath(connection, key) + "update_property/";
            return new ApiRequest(HttpMethod.Post, path)
            {
                JsonBody = Body(writer =>
                {
                    writer.WriteString("key", name);
                    writer.WritePropertyName("value");
                    JsonValues.Write(writer, value);
                }),
                ExpectJson = false,
                IsRetrySafe = true,
            };
        }

        /// <summary>POST persons/{key}/delete_property/ with {"$unset": name} (201).</summary>
        public static ApiRequest DeleteProperty(
            PostHogConnection connection, string key, string name)
        {
            string path = PersonIds.PersonPath(connection, key) + "delete_property/";
            return new ApiRequest(HttpMethod.Post, path)
            {
                JsonBody = Body(writer => writer.WriteString("$unset", name)),
                ExpectJson = false,
                IsRetrySafe = true,
            };
        }

        /// <summary>
        /// DELETE persons/{key}/ (202, no body). PostHog turns a flag on by its mere presence
        /// in the query, so only the flags that are on are sent.
        /// </summary>
        public static ApiRequest Delete(
            PostHogConnection connection,
            string key,
            bool deleteEvents,
            bool deleteRecordings,
            bool keepPerson)
        {
            string path = new QueryString()
                .Flag("delete_events", deleteEvents)
                .Flag("delete_recordings", deleteRecordings)
                .Flag("keep_person", keepPerson)
                .AppendTo(PersonIds.PersonPath(connection, key));
            return new ApiRequest(HttpMethod.Delete, path)
            {
                ExpectJson = false,
                Bucket = RateBucket.PersonsDelete,
            };
        }

        /// <summary>
        /// POST persons/{key}/delete_events/ (202, no body; PostHog queues the work).
        /// </summary>
        public static ApiRequest DeleteEvents(PostHogConnection connection, string key) =>
            QueueDeletion(connection, key, "delete_events/");

        /// <summary>POST persons/{key}/delete_recordings/ (202, no body; queued).</summary>
        public static ApiRequest DeleteRecordings(PostHogConnection connection, string key) =>
            QueueDeletion(connection, key, "delete_recordings/");

        /// <summary>
        /// POST persons/{key}/split/ with main_distinct_id or distinct_ids_to_split (201).
        /// Never retried: a split that ran may not be sent again.
        /// </summary>
        public static ApiRequest Split(
            PostHogConnection connection,
            string key,
            string mainDistinctId,
            IList<string> distinctIdsToSplit)
        {
            return new ApiRequest(HttpMethod.Post, PersonIds.PersonPath(connection, key) + "split/")
            {
                JsonBody = Body(writer =>
                {
                    if (mainDistinctId != null)
                    {
                        writer.WriteString("main_distinct_id", mainDistinctId);
                    }

                    if (distinctIdsToSplit != null)
                    {
                        WriteStrings(writer, "distinct_ids_to_split", distinctIdsToSplit);
                    }
                }),
                ExpectJson = false,
                IsRetrySafe = false,
            };
        }

        /// <summary>
        /// POST persons/bulk_delete/ with {"ids": [...]} or {"distinct_ids": [...]} and the
        /// three booleans. PostHog ignores ids it does not know, so sending a batch again
        /// is harmless.
        /// </summary>
        public static ApiRequest BulkDelete(
            PostHogConnection connection,
            bool byDistinctId,
            IList<string> ids,
            bool deleteEvents,
            bool deleteRecordings,
            bool keepPerson)
        {
            return new ApiRequest(HttpMethod.Post, connection.PersonsPath + "bulk_delete/")
            {
                JsonBody = Body(writer =>
                {
                    WriteStrings(writer, byDistinctId ? "distinct_ids" : "ids", ids);
                    writer.WriteBoolean("delete_events", deleteEvents);
                    writer.WriteBoolean("delete_recordings", deleteRecordings);
                    writer.WriteBoolean("keep_person", keepPerson);
                }),
                ExpectJson = false,
                IsRetrySafe = true,
                Bucket = RateBucket.PersonsDelete,
            };
        }

        private static ApiRequest QueueDeletion(
            PostHogConnection connection, string key, string action)
        {
            // PostHog does not queue the same deletion twice, so a retry is harmless.
            return new ApiRequest(HttpMethod.Post, PersonIds.PersonPath(connection, key) + action)
            {
                ExpectJson = false,
                IsRetrySafe = true,
                Bucket = RateBucket.PersonsDelete,
            };
        }

        private static void WriteStrings(
            Utf8JsonWriter writer, string name, IEnumerable<string> items)
        {
            writer.WriteStartArray(name);
            foreach (string item in items)
            {
                writer.WriteStringValue(item);
            }

            writer.WriteEndArray();
        }

        private static byte[] Body(Action<Utf8JsonWriter> members)
        {
            using (var stream = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(stream, JsonValues.WriterOptions))
                {
                    writer.WriteStartObject();
                    members(writer);
                    writer.WriteEndObject();
                }

                return stream.ToArray();
            }
        }
    }
}
