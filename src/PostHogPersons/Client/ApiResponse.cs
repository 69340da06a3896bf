using System;
using System.Net;
using System.Text.Json;

namespace PostHogPersons.Client
{
    /// <summary>A successful answer: status, content type and, when present, parsed JSON.</summary>
    public sealed class ApiResponse : IDisposable
    {
        public HttpStatusCode StatusCode { get; set; }

        public string ContentType { get; set; }

        /// <summary>The raw body; empty when there was none.</summary>
        public byte[] Body { get; set; } = Array.Empty<byte>();

        /// <summary>
        /// The parsed body, or null when the body was empty and none was expected.
        /// </summary>
        public JsonDocument Json { get; set; }

        /// <summary>Milliseconds from the first send to the end of the body.</summary>
        public long ElapsedMs { get; set; }

        public void Dispose() => Json?.Dispose();
    }
}
