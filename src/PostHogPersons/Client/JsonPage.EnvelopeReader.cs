using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PostHogPersons.Client.Errors;

namespace PostHogPersons.Client
{
    /// <summary>
    /// The check of what surrounds the items of a page (see <see cref="JsonPage"/>).
    /// </summary>
    internal sealed partial class JsonPage
    {
        /// <summary>
        /// Reads a body (or the envelope with its list left out) with Utf8JsonReader: next,
        /// count and whether there is a results list; with <c>record</c>, notes each item.
        /// </summary>
        private ref struct EnvelopeReader
        {
            private readonly JsonPage _page;
            private readonly bool _record;
            private readonly int _leftOut;

            public EnvelopeReader(JsonPage page, bool record, int leftOut)
            {
                _page = page;
                _record = record;
                _leftOut = leftOut;
                LastListLeftOut = false;
            }

            /// <summary>Whether the last results list read is the one the scan left out.</summary>
            public bool LastListLeftOut { get; private set; }

            public void Read(ReadOnlySpan<byte> body)
            {
                _page.HasResults = false;
                _page.Next = null;
                _page.Count = null;
                var reader = new Utf8JsonReader(body);
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    // Valid JSON that is not an object has no results list; it is still read
                    // to the end so that invalid JSON is reported as such.
                    reader.Skip();
                    reader.Read();
                    return;
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    ReadEntry(ref reader);
                }

                // After the envelope only white space may follow; the reader throws otherwise.
                reader.Read();
            }

            private void ReadEntry(ref Utf8JsonReader reader)
            {
                if (reader.ValueTextEquals("results"))
                {
                    reader.Read();
                    _page.HasResults = reader.TokenType == JsonTokenType.StartArray;
                    LastListLeftOut = _page.HasResults && reader.TokenStartIndex == _leftOut;
                    if (_page.HasResults && _record)
                    {
                        ReadList(ref reader);
                    }
                    else
                    {
                        reader.Skip();
                    }

                    return;
                }

                if (reader.ValueTextEquals("next"))
                {
                    reader.Read();
                    string next = reader.TokenType == JsonTokenType.String ? ReadText(ref reader) : null;
                    _page.Next = string.IsNullOrEmpty(next) ? null : next;
                    reader.Skip();
                    return;
                }

                if (reader.ValueTextEquals("count"))
                {
                    reader.Read();

                    // A count that is no whole number PostHog could send is no count.
                    _page.Count = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long count)
                        ? count
                        : (long?)null;
                    reader.Skip();
                    return;
                }

                reader.Read();
                reader.Skip();
            }

            /// <summary>
            /// The current string; a JsonException when it is not valid UTF-8 or UTF-16.
            /// </summary>
            private static string ReadText(ref Utf8JsonReader reader)
            {
                try
                {
                    return reader.GetString();
                }
                catch (InvalidOperationException error)
                {
                    throw new JsonException("A string of the page is not valid UTF-8 or UTF-16.", error);
                }
            }

            private void ReadList(ref Utf8JsonReader reader)
            {
                _page._bounds.Clear();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        throw new JsonException(
                            $"Expected an object in the results list but found {reader.TokenType}.");
                    }

                    int start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    _page._bounds.Add(start);
                    _page._bounds.Add((int)reader.BytesConsumed);
                }
            }
        }
    }
}
