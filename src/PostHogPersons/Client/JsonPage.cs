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
    /// One page of a PostHog list, <c>{"results": [...], "next": ..., "count": ...}</c>, as it
    /// came over the wire: the body read from the response stream into a pooled buffer, where
    /// each item of <c>results</c> lies in it, and the envelope's <c>next</c> and
    /// <c>count</c>. Items become objects only when asked for (<see cref="ReadItems{T}"/>),
    /// by an item reader straight from the bytes, so that a reader builds them
    /// no faster than they are written: a page costs its bytes, not its objects. Keys are read
    /// as <see cref="JsonElement"/> reads them: the last of duplicate keys wins.
    /// </summary>
    /// <remarks>
    /// Finding the items takes one pass over the bytes that follows only strings and
    /// brackets; everything around the list is checked with <see cref="Utf8JsonReader"/> at
    /// once, and each item when it is built. A body that is cut short or not what a list
    /// looks like is read again with <see cref="Utf8JsonReader"/> alone, for its exact error.
    /// </remarks>
    // Limitation: a page is held whole as bytes (about 0.8 KB per typical person, 8 MB for
    // 10,000), so persons with very large properties make pages as large; -PageSize lowers it.
    internal sealed class JsonPage : IDisposable
    {
        private const int ChunkSize = 64 * 1024;
        private const int MaxPresize = 256 * 1024 * 1024;

        private static readonly byte[] EmptyList = { (byte)'[', (byte)']' };

        private readonly List<int> _bounds = new List<int>();
        private byte[] _body;
        private int _length;

        // Room for the announced length and the end-of-body read, so that the buffer is
        // rented once at its size; bodies of unknown length start at one chunk.
        private JsonPage(long? expectedLength) => _body = ArrayPool<byte>.Shared.Rent(
            expectedLength > 0 && expectedLength < MaxPresize
                ? (int)expectedLength.Value + (ChunkSize / 2)
                : ChunkSize);

        /// <summary>Whether the answer has a <c>results</c> list.</summary>
        public bool HasResults { get; private set; }

        /// <summary>The list's next link, or null when it is missing, null, empty or not a string.</summary>
        public string Next { get; private set; }

        /// <summary>The total count, when the server included one.</summary>
        public long? Count { get; private set; }

        /// <summary>How many items the results list holds.</summary>
        public int ItemCount => _bounds.Count / 2;

        /// <summary>The size of the body in bytes.</summary>
        public int Length => _length;

        /// <summary>The request and answer the page came with, for errors found while building items.</summary>
        public RequestFailure Source { get; set; }

        /// <summary>Reads the page from <paramref name="stream"/> to its end.</summary>
        /// <exception cref="JsonException">The body is cut short or is not valid JSON around
        /// its list, or an item of its results list is not an object.</exception>
        public static async Task<JsonPage> ReadAsync(Stream stream, CancellationToken cancellationToken)
        {
            var page = new JsonPage((stream as JsonBodyStream)?.ExpectedLength);
            try
            {
                while (true)
                {
                    if (page._body.Length - page._length < ChunkSize / 2)
                    {
                        page.Grow();
                    }

                    int read = await stream.ReadAsync(
                        page._body, page._length, page._body.Length - page._length, cancellationToken)
                        .ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    page._length += read;
                }

                page.Index();
                return page;
            }
            catch
            {
                page.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Builds <paramref name="count"/> items from item number <paramref name="first"/> on
        /// with <paramref name="reader"/> and adds them to <paramref name="items"/>.
        /// </summary>
        /// <exception cref="JsonException">An item is not valid JSON (the page's items
        /// before it have been built).</exception>
        [MethodImpl(HotPath.Optimized)]
        public void ReadItems<T>(IJsonItemReader<T> reader, int first, int count, List<T> items)
        {
            for (int i = first; i < first + count; i++)
            {
                int start = _bounds[2 * i];
                var text = new ArraySegment<byte>(_body, start, _bounds[(2 * i) + 1] - start);
                T item;
                try
                {
                    if (!reader.TryRead(text, out item))
                    {
                        throw new JsonException("An item of the list is not one JSON object.");
                    }
                }
                catch (JsonException)
                {
                    // The whole body read by Utf8JsonReader gives the error with its position.
                    ReadCarefully();
                    throw;
                }

                items.Add(item);
            }
        }

        /// <summary>The first bytes of the body, for messages.</summary>
        public byte[] Head(int length)
        {
            var head = new byte[Math.Min(length, _length)];
            Buffer.BlockCopy(_body, 0, head, 0, head.Length);
            return head;
        }

        /// <summary>Gives the buffer back to the pool.</summary>
        public void Dispose()
        {
            byte[] body = _body;
            _body = Array.Empty<byte>();
            _length = 0;
            if (body.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(body);
            }
        }

        private void Grow()
        {
            byte[] larger = ArrayPool<byte>.Shared.Rent(_body.Length * 2);
            Buffer.BlockCopy(_body, 0, larger, 0, _length);
            ArrayPool<byte>.Shared.Return(_body);
            _body = larger;
        }

        private void Index()
        {
            var scan = new StructureScan(_body, _length, _bounds);
            if (!scan.Run())
            {
                _bounds.Clear();
                ReadCarefully();
                return;
            }

            // What surrounds the list, with the list left out, is small: read it whole.
            byte[] envelope = _body;
            int length = _length;
            if (scan.ListStart >= 0)
            {
                length = scan.ListStart + EmptyList.Length + (_length - scan.ListEnd);
                envelope = new byte[length];
                Buffer.BlockCopy(_body, 0, envelope, 0, scan.ListStart);
                Buffer.BlockCopy(EmptyList, 0, envelope, scan.ListStart, EmptyList.Length);
                Buffer.BlockCopy(
                    _body, scan.ListEnd, envelope, scan.ListStart + EmptyList.Length, _length - scan.ListEnd);
            }

            var reader = new EnvelopeReader(this, record: false, leftOut: scan.ListStart);
            try
            {
                reader.Read(new ReadOnlySpan<byte>(envelope, 0, length));
            }
            catch (JsonException)
            {
                ReadCarefully();
                throw;
            }

            if (HasResults && !reader.LastListLeftOut)
            {
                // The list that counts is not the one found (its key was escaped).
                ReadCarefully();
            }
            else if (!HasResults)
            {
                _bounds.Clear();
            }
        }

        /// <summary>Reads the whole body with Utf8JsonReader alone, noting each item.</summary>
        private void ReadCarefully()
        {
            _bounds.Clear();
            new EnvelopeReader(this, record: true, leftOut: -1).Read(new ReadOnlySpan<byte>(_body, 0, _length));
        }

        /// <summary>
        /// Finds the items of the last <c>results</c> list by following strings and brackets
        /// only. False when the body is not shaped as a list page (or is cut short).
        /// </summary>
        private ref struct StructureScan
        {
            private readonly byte[] _text;
            private readonly int _end;
            private readonly List<int> _bounds;
            private int _at;

            public StructureScan(byte[] text, int end, List<int> bounds)
            {
                _text = text;
                _end = end;
                _bounds = bounds;
                _at = 0;
                ListStart = -1;
                ListEnd = -1;
            }

            public int ListStart { get; private set; }

            public int ListEnd { get; private set; }

            [MethodImpl(HotPath.Optimized)]
            public bool Run()
            {
                if (!SkipSpace() || _text[_at] != (byte)'{')
                {
                    return false;
                }

                _at++;
                if (!SkipSpace())
                {
                    return false;
                }

                if (_text[_at] == (byte)'}')
                {
                    _at++;
                    return AtEnd();
                }

                while (true)
                {
                    int key = _at;
                    if (_text[_at] != (byte)'"' || !SkipString())
                    {
                        return false;
                    }

                    // "results" written plainly; an escaped key is left to the envelope check.
                    bool results = _at - key == ResultsKey.Length
                        && new ReadOnlySpan<byte>(_text, key, ResultsKey.Length).SequenceEqual(ResultsKey);
                    if (!SkipSpace() || _text[_at] != (byte)':')
                    {
                        return false;
                    }

                    _at++;
                    if (!SkipSpace())
                    {
                        return false;
                    }

                    if (results && _text[_at] == (byte)'[')
                    {
                        if (!ScanList())
                        {
                            return false;
                        }
                    }
                    else if (!SkipValue())
                    {
                        return false;
                    }

                    if (!SkipSpace())
                    {
                        return false;
                    }

                    byte next = _text[_at++];
                    if (next == (byte)'}')
                    {
                        return AtEnd();
                    }

                    if (next != (byte)',' || !SkipSpace())
                    {
                        return false;
                    }
                }
            }

            private static ReadOnlySpan<byte> ResultsKey => "\"results\""u8;

            [MethodImpl(HotPath.Optimized)]
            private bool ScanList()
            {
                // Only the last results list counts, as in a JSON document.
                _bounds.Clear();
                ListStart = _at;
                _at++;
                if (!SkipSpace())
                {
                    return false;
                }

                if (_text[_at] != (byte)']')
                {
                    while (true)
                    {
                        int start = _at;
                        if (_text[_at] != (byte)'{' || !SkipContainer())
                        {
                            return false;
                        }

                        _bounds.Add(start);
                        _bounds.Add(_at);
                        if (!SkipSpace())
                        {
                            return false;
                        }

                        byte next = _text[_at];
                        if (next == (byte)']')
                        {
                            break;
                        }

                        _at++;
                        if (next != (byte)',' || !SkipSpace())
                        {
                            return false;
                        }
                    }
                }

                _at++;
                ListEnd = _at;
                return true;
            }

            private bool SkipValue()
            {
                byte first = _text[_at];
                if (first == (byte)'"')
                {
                    return SkipString();
                }

                if (first == (byte)'{' || first == (byte)'[')
                {
                    return SkipContainer();
                }

                // A number or a literal: up to the next separator.
                while (_at < _end)
                {
                    byte b = _text[_at];
                    if (b == (byte)',' || b == (byte)'}' || b == (byte)']' || IsSpace(b))
                    {
                        return true;
                    }

                    _at++;
                }

                return false;
            }

            /// <summary>Skips an object or array, counting brackets outside strings.</summary>
            [MethodImpl(HotPath.Optimized)]
            private bool SkipContainer()
            {
                byte[] text = _text;
                byte[] kinds = Kinds;
                int end = _end;
                int at = _at + 1;
                int depth = 1;
                while (true)
                {
                    // Most bytes are none of " { } [ ]: pass them in a tight loop.
                    while (at < end && kinds[text[at]] == Plain)
                    {
                        at++;
                    }

                    if (at >= end)
                    {
                        return false;
                    }

                    byte kind = kinds[text[at++]];
                    if (kind == Quote)
                    {
                        // To the closing quote, with a vectorized search for " and \\.
                        while (true)
                        {
                            int found = at < end
                                ? new ReadOnlySpan<byte>(text, at, end - at).IndexOfAny((byte)'"', (byte)'\\')
                                : -1;
                            if (found < 0)
                            {
                                return false;
                            }

                            at += found;
                            if (text[at++] == (byte)'"')
                            {
                                break;
                            }

                            at++;
                        }
                    }
                    else if (kind == Open)
                    {
                        depth++;
                    }
                    else if (kind == Close && --depth == 0)
                    {
                        _at = at;
                        return true;
                    }
                }
            }

            private bool SkipString()
            {
                int at = _at + 1;
                while (at < _end)
                {
                    byte c = _text[at++];
                    if (c == (byte)'"')
                    {
                        _at = at;
                        return true;
                    }

                    if (c == (byte)'\\')
                    {
                        at++;
                    }
                }

                return false;
            }

            /// <summary>Moves past white space; false at the end of the body.</summary>
            private bool SkipSpace()
            {
                while (_at < _end && IsSpace(_text[_at]))
                {
                    _at++;
                }

                return _at < _end;
            }

            private bool AtEnd() => !SkipSpace();

            private const byte Plain = 0;
            private const byte Open = 1;
            private const byte Close = 2;
            private const byte Quote = 3;
            private const byte Backslash = 4;

            /// <summary>What each byte means to the scan: " and \\ matter inside strings, brackets outside.</summary>
            private static readonly byte[] Kinds = CreateKinds();

            private static byte[] CreateKinds()
            {
                var kinds = new byte[256];
                kinds['{'] = Open;
                kinds['['] = Open;
                kinds['}'] = Close;
                kinds[']'] = Close;
                kinds['"'] = Quote;
                kinds['\\'] = Backslash;
                return kinds;
            }

            private static bool IsSpace(byte b) =>
                b == (byte)' ' || b == (byte)'\n' || b == (byte)'\r' || b == (byte)'\t';
        }

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
                    string next = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    _page.Next = string.IsNullOrEmpty(next) ? null : next;
                    reader.Skip();
                    return;
                }

                if (reader.ValueTextEquals("count"))
                {
                    reader.Read();
                    _page.Count = reader.TokenType == JsonTokenType.Number ? reader.GetInt64() : (long?)null;
                    reader.Skip();
                    return;
                }

                reader.Read();
                reader.Skip();
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
