using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Text.Json;

namespace PostHogPersons.Client
{
    /// <summary>
    /// Collects person-property events for PostHog's capture endpoint and turns them into
    /// /batch/ requests of at most <see cref="MaxEvents"/> events and <see cref="MaxBodyBytes"/>
    /// bytes (capture accepts up to 20 MB). Capture authenticates with the project token in
    /// the body, never with the personal API key, and PostHog does not rate-limit it.
    /// </summary>
    public sealed class CaptureBatch
    {
        /// <summary>Events per /batch/ request.</summary>
        public const int MaxEvents = 1000;

        /// <summary>Body bytes per /batch/ request, well under capture's 20 MB.</summary>
        public const int MaxBodyBytes = 8 * 1024 * 1024;

        private const int EnvelopeBytes = 256;

        private readonly string _projectToken;
        private readonly List<byte[]> _events = new List<byte[]>();
        private int _bytes;

        /// <summary>Creates an empty batch for the project with this token (phc_…).</summary>
        public CaptureBatch(string projectToken)
        {
            _projectToken = projectToken ?? throw new ArgumentNullException(nameof(projectToken));
        }

        /// <summary>Events collected so far.</summary>
        public int Count => _events.Count;

        /// <summary>Whether one event of this size can be sent at all.</summary>
        public static bool CanSend(byte[] captureEvent) =>
            captureEvent.Length + EnvelopeBytes <= MaxBodyBytes;

        /// <summary>Whether <paramref name="captureEvent"/> still fits into this batch.</summary>
        public bool Fits(byte[] captureEvent) =>
            _events.Count < MaxEvents
            && _bytes + captureEvent.Length + 1 + EnvelopeBytes <= MaxBodyBytes;

        /// <summary>
        /// Adds an event made by <see cref="SetEvent"/> or <see cref="UnsetEvent"/>.
        /// </summary>
        public void Add(byte[] captureEvent)
        {
            _events.Add(captureEvent);
            _bytes += captureEvent.Length + 1;
        }

        /// <summary>
        /// The POST batch/ request (relative to the ingestion host) with every event so far.
        /// Setting or removing the same values twice changes nothing, so retries are safe.
        /// </summary>
        public ApiRequest ToRequest()
        {
            using (var stream = new MemoryStream(_bytes + EnvelopeBytes))
            {
                using (var writer = new Utf8JsonWriter(stream, JsonValues.WriterOptions))
                {
                    writer.WriteStartObject();
                    writer.WriteString("api_key", _projectToken);
                    writer.WriteStartArray("batch");
                    foreach (byte[] captureEvent in _events)
                    {
                        writer.WriteRawValue(captureEvent, skipInputValidation: true);
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }

                return new ApiRequest(HttpMethod.Post, "batch/")
                {
                    JsonBody = stream.ToArray(),
                    IsCapture = true,
                    IsRetrySafe = true,
                    ExpectJson = false,
                    Bucket = RateBucket.Capture,
                };
            }
        }

        /// <summary>Empties the batch after it was sent.</summary>
        public void Clear()
        {
            _events.Clear();
            _bytes = 0;
        }

        /// <summary>
        /// A $set event: {"event":"$set","distinct_id":…,"properties":{"$set":{…}}}, the values
        /// at full depth.
        /// </summary>
        public static byte[] SetEvent(string distinctId, IDictionary properties)
        {
            return Event("$set", distinctId, writer =>
            {
                writer.WritePropertyName("$set");
                JsonValues.Write(writer, properties);
            });
        }

        /// <summary>
        /// A property-removal event, as PostHog's own delete_property sends it:
        /// {"event":"$delete_person_property","distinct_id":…,"properties":{"$unset":[…]}}.
        /// </summary>
        public static byte[] UnsetEvent(string distinctId, IEnumerable<string> names)
        {
            return Event("$delete_person_property", distinctId, writer =>
            {
                writer.WriteStartArray("$unset");
                foreach (string name in names)
                {
                    writer.WriteStringValue(name);
                }

                writer.WriteEndArray();
            });
        }

        private static byte[] Event(
            string name, string distinctId, Action<Utf8JsonWriter> properties)
        {
            using (var stream = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(stream, JsonValues.WriterOptions))
                {
                    writer.WriteStartObject();
                    writer.WriteString("event", name);
                    writer.WriteString("distinct_id", distinctId);
                    writer.WriteStartObject("properties");
                    properties(writer);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }

                return stream.ToArray();
            }
        }
    }
}
