using System;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PostHogPersons.Client.Errors
{
    /// <summary>
    /// The facts of one failed request: method, path, status, PostHog's error fields,
    /// the response's content type and a short excerpt of its body, and how many tries
    /// were made. The API key is never part of it.
    /// </summary>
    public sealed class RequestFailure
    {
        private const int ExcerptLength = 200;

        private static readonly Regex Whitespace = new Regex(@"\s+", RegexOptions.CultureInvariant);

        public string Method { get; set; }

        /// <summary>The request path and query, relative to nothing (no host).</summary>
        public string Path { get; set; }

        public int StatusCode { get; set; }

        public string ContentType { get; set; }

        /// <summary>
        /// PostHog's error <c>type</c> (validation_error, authentication_error…).
        /// </summary>
        public string ErrorType { get; set; }

        /// <summary>PostHog's error <c>code</c> (not_found, permission_denied…).</summary>
        public string Code { get; set; }

        public string Detail { get; set; }

        /// <summary>The request field the error is about, when PostHog names one.</summary>
        public string Attr { get; set; }

        public string BodyExcerpt { get; set; }

        /// <summary>How many times the request was sent.</summary>
        public int Attempts { get; set; } = 1;

        /// <summary>Seconds PostHog asked to wait (Retry-After), when it said.</summary>
        public double? RetryAfterSeconds { get; set; }

        /// <summary>
        /// Whether the connection failed or broke before the whole answer arrived (refused,
        /// reset, closed mid-body), whatever status the headers had announced.
        /// </summary>
        public bool ConnectionBroken { get; set; }

        /// <summary>Where a redirect pointed (it is never followed).</summary>
        public Uri Location { get; set; }

        /// <summary>
        /// Reads PostHog's error body in any of the shapes it uses: the standard
        /// {type, code, detail, attr}; the hand-built 400s with code and detail swapped;
        /// lifecycle's {message, detail}; properties_at_time's {error}; and
        /// delete_property's {success, detail}.
        /// </summary>
        public void ReadBody(byte[] body, string secret = null)
        {
            BodyExcerpt = Excerpt(body, secret);
            if (body == null || body.Length == 0)
            {
                return;
            }

            try
            {
                using (JsonDocument doc = JsonDocument.Parse(body))
                {
                    if (doc.RootElement.ValueKind != JsonValueKind.Object)
                    {
                        return;
                    }

                    JsonElement root = doc.RootElement;
                    ErrorType = Scrub(Text(root, "type"), secret);
                    Code = Scrub(Text(root, "code"), secret);
                    Detail = Scrub(Text(root, "detail"), secret);
                    Attr = Scrub(Text(root, "attr"), secret);
                    string message = Scrub(Text(root, "message") ?? Text(root, "error"), secret);
                    if (Detail == "required"
                        && Code != null
                        && Code.EndsWith(".", StringComparison.Ordinal))
                    {
                        // update and update_property build this 400 by hand with the two swapped.
                        Detail = Code;
                        Code = "required";
                    }

                    if (message != null)
                    {
                        Detail = Detail == null ? message : message + ": " + Detail;
                    }

                    // A failed async query:
                    // {"query_status": {"error": true, "error_message": ...}}.
                    if (Detail == null
                        && root.TryGetProperty("query_status", out JsonElement status)
                        && status.ValueKind == JsonValueKind.Object)
                    {
                        Detail = Text(status, "error_message");
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON: the excerpt tells the user what came back.
            }
        }

        /// <summary>One line for the error message: detail, then status, method and path.</summary>
        public string ToMessage()
        {
            var text = new StringBuilder();
            if (!string.IsNullOrEmpty(Detail))
            {
                text.Append(Detail.TrimEnd());
                if (!string.IsNullOrEmpty(Attr))
                {
                    text.Append(" (field '").Append(Attr).Append("')");
                }
            }
            else if (StatusCode > 0)
            {
                text.Append("PostHog answered HTTP ").Append(StatusCode);
            }
            else
            {
                text.Append("No answer from PostHog");
            }

            text.Append(" [");
            if (StatusCode > 0)
            {
                text.Append("HTTP ").Append(StatusCode).Append(' ');
            }

            text.Append(Method).Append(' ').Append(Path);
            if (Attempts > 1)
            {
                text.Append(", ").Append(Attempts).Append(" tries");
            }

            text.Append(']');
            return text.ToString();
        }

        /// <summary>
        /// The start of <paramref name="body"/> as one line of at most 200 characters, with
        /// <paramref name="secret"/> replaced wherever it appears (a proxy page may echo the
        /// request's headers).
        /// </summary>
        internal static string Excerpt(byte[] body, string secret = null)
        {
            if (body == null || body.Length == 0)
            {
                return string.Empty;
            }

            // Decode well past the excerpt, so that a secret straddling its end is replaced
            // whole before the text is cut.
            int length = Math.Min(body.Length, ExcerptLength * 4 + 4 * (secret?.Length ?? 0) + 64);
            string text = Scrub(Encoding.UTF8.GetString(body, 0, length), secret);
            text = Whitespace.Replace(text, " ").Trim();
            return text.Length > ExcerptLength ? text.Substring(0, ExcerptLength) + "…" : text;
        }

        /// <summary>
        /// <paramref name="text"/> with every occurrence
        /// of <paramref name="secret"/> replaced.
        /// </summary>
        internal static string Scrub(string text, string secret)
        {
            return string.IsNullOrEmpty(text) || string.IsNullOrEmpty(secret)
                ? text
                : text.Replace(secret, Redacted);
        }

        /// <summary>What stands in for a secret that a server echoed.</summary>
        internal const string Redacted = "[redacted]";

        private static string Text(JsonElement root, string name)
        {
            if (!root.TryGetProperty(name, out JsonElement value))
            {
                return null;
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    return value.GetString();
                case JsonValueKind.Null:
                case JsonValueKind.Undefined:
                    return null;
                default:
                    return value.GetRawText();
            }
        }
    }
}
