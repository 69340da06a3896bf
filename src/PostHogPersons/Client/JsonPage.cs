using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace PostHogPersons.Client
{
    /// <summary>
    /// One page of a PostHog list, <c>{"results": [...], "next": ..., "count": ...}</c>, read
    /// from the response stream with <see cref="Utf8JsonReader"/> as it arrives: the body is
    /// kept as bytes (in a pooled buffer) and checked to be complete, valid JSON, and where
    /// each item lies is noted. Items become objects only when asked for
    /// (<see cref="ReadItems{T}"/>), so a reader can build them no faster than they are
    /// written: a page costs its bytes, not its objects. Keys are read as
    /// <see cref="JsonElement"/> would read them: the last of duplicate keys wins.
    /// </summary>
    internal sealed class JsonPage : IDisposable
    {
        private const int ChunkSize = 64 * 1024;
        private const int MaxPresize = 256 * 1024 * 1024;

        private readonly List<int> _bounds = new List<int>();
        private byte[] _body;
        private int _length;
        private int _committed;
        private JsonReaderState _state;
        private Stage _stage;

        // Room for the announced length and the end-of-body read, so that the buffer is
        // rented once at its size; bodies of unknown length start at one chunk.
        private JsonPage(long? expectedLength) => _body = ArrayPool<byte>.Shared.Rent(
            expectedLength > 0 && expectedLength < MaxPresize ? (int)expectedLength.Value + (ChunkSize / 2) : ChunkSize);

        private enum Stage
        {
            Start,
            Envelope,
            Results,
            OtherRoot,
            Done,
        }

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

        /// <summary>Reads the page from <paramref name="stream"/> to its end.</summary>
        /// <exception cref="JsonException">The body is not complete, valid JSON, or an item
        /// of its results list is not an object.</exception>
        public static async Task<JsonPage> ReadAsync(Stream stream, CancellationToken cancellationToken)
        {
            var page = new JsonPage((stream as JsonBodyStream)?.ExpectedLength);
            try
            {
                bool final = false;
                while (!final)
                {
                    if (page._body.Length - page._length < ChunkSize / 2)
                    {
                        page.Grow();
                    }

                    // Gather half a chunk or more before reading on, so that an item split
                    // between two reads is rarely looked at twice.
                    int wanted = page._length + (ChunkSize / 2);
                    while (page._length < wanted)
                    {
                        int read = await stream.ReadAsync(
                            page._body, page._length, page._body.Length - page._length, cancellationToken)
                            .ConfigureAwait(false);
                        if (read == 0)
                        {
                            final = true;
                            break;
                        }

                        page._length += read;
                    }

                    page.Parse(final);
                }

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
        [MethodImpl(HotPath.Optimized)]
        public void ReadItems<T>(IJsonItemReader<T> reader, int first, int count, List<T> items)
        {
            for (int i = first; i < first + count; i++)
            {
                int start = _bounds[2 * i];
                var json = new Utf8JsonReader(new ReadOnlySpan<byte>(_body, start, _bounds[(2 * i) + 1] - start));
                json.Read();
                if (!reader.TryRead(ref json, out T item))
                {
                    throw new JsonException("An item of the list ends before it is complete.");
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

        /// <summary>
        /// Reads every whole unit (a key with its value, or one list item) after the last
        /// one read; an unfinished unit is read again, from its start, with more data.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private void Parse(bool final)
        {
            var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(_body, _committed, _length - _committed), final, _state);
            int done = 0;
            while (ReadUnit(ref reader))
            {
                done = (int)reader.BytesConsumed;
                _state = reader.CurrentState;
            }

            _committed += done;
            if (final && _stage != Stage.Done)
            {
                throw new JsonException("The JSON answer ends before its list does.");
            }
        }

        [MethodImpl(HotPath.Optimized)]
        private bool ReadUnit(ref Utf8JsonReader reader)
        {
            switch (_stage)
            {
                case Stage.Start:
                    if (!reader.Read())
                    {
                        return false;
                    }

                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        _stage = Stage.Envelope;
                        return true;
                    }

                    // Valid JSON that is not an object has no results list; it is still read
                    // to the end so that invalid JSON is reported as such.
                    _stage = Stage.OtherRoot;
                    return reader.TrySkip() && Finish();
                case Stage.OtherRoot:
                    return reader.Read() && reader.TrySkip() && Finish();
                case Stage.Envelope:
                    return ReadEnvelopeEntry(ref reader);
                case Stage.Results:
                    return ReadItem(ref reader);
                default:
                    // After the envelope only whitespace may follow; the reader throws otherwise.
                    return reader.Read();
            }
        }

        [MethodImpl(HotPath.Optimized)]
        private bool ReadItem(ref Utf8JsonReader reader)
        {
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType == JsonTokenType.EndArray)
            {
                _stage = Stage.Envelope;
                return true;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException($"Expected an object in the results list but found {reader.TokenType}.");
            }

            int start = _committed + (int)reader.TokenStartIndex;
            if (!reader.TrySkip())
            {
                return false;
            }

            _bounds.Add(start);
            _bounds.Add(_committed + (int)reader.BytesConsumed);
            return true;
        }

        private bool Finish()
        {
            _stage = Stage.Done;
            return true;
        }

        private bool ReadEnvelopeEntry(ref Utf8JsonReader reader)
        {
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return Finish();
            }

            if (reader.ValueTextEquals("results"))
            {
                if (!reader.Read())
                {
                    return false;
                }

                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    _bounds.Clear();
                    HasResults = true;
                    _stage = Stage.Results;
                    return true;
                }

                HasResults = false;
                return reader.TrySkip();
            }

            if (reader.ValueTextEquals("next"))
            {
                if (!reader.Read())
                {
                    return false;
                }

                string next = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                Next = string.IsNullOrEmpty(next) ? null : next;
                return reader.TrySkip();
            }

            if (reader.ValueTextEquals("count"))
            {
                if (!reader.Read())
                {
                    return false;
                }

                Count = reader.TokenType == JsonTokenType.Number ? reader.GetInt64() : (long?)null;
                return reader.TrySkip();
            }

            return reader.Read() && reader.TrySkip();
        }
    }
}
