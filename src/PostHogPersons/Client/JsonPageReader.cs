using System;
using System.Buffers;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace PostHogPersons.Client
{
    /// <summary>
    /// Reads one page of a PostHog list, <c>{"results": [...], "next": ..., "count": ...}</c>,
    /// from the response stream as it arrives, with no document in between: each item is
    /// built by an <see cref="IJsonItemReader{T}"/> directly from the bytes. The buffer holds
    /// one chunk of the stream plus the item that straddles two chunks. Keys read as
    /// <see cref="JsonElement"/> would read them: the last of duplicate keys wins.
    /// </summary>
    internal sealed class JsonPageReader<T>
    {
        private const int ChunkSize = 64 * 1024;

        private readonly IJsonItemReader<T> _items;
        private readonly Page<T> _page = new Page<T>();
        private JsonReaderState _state;
        private Stage _stage;
        private bool _hasResults;

        private JsonPageReader(IJsonItemReader<T> items) => _items = items;

        private enum Stage
        {
            Start,
            Envelope,
            Results,
            OtherRoot,
            Done,
        }

        /// <summary>
        /// Reads the page from <paramref name="stream"/> to its end; HasResults is false when
        /// the answer has no <c>results</c> list.
        /// </summary>
        /// <exception cref="JsonException">The body is not complete, valid JSON.</exception>
        public static async Task<(Page<T> Page, bool HasResults)> ReadAsync(
            Stream stream,
            IJsonItemReader<T> items,
            CancellationToken cancellationToken)
        {
            var reader = new JsonPageReader<T>(items);
            byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
            try
            {
                int end = 0;
                bool final = false;
                while (!final)
                {
                    if (buffer.Length - end < ChunkSize / 2)
                    {
                        // One item is larger than what is left: make room for it.
                        byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        Buffer.BlockCopy(buffer, 0, larger, 0, end);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    // Gather half a chunk or more before parsing, so that an item split
                    // between two reads is rarely parsed twice.
                    int wanted = end + ChunkSize / 2;
                    while (end < wanted)
                    {
                        int read = await stream.ReadAsync(buffer, end, buffer.Length - end, cancellationToken)
                            .ConfigureAwait(false);
                        if (read == 0)
                        {
                            final = true;
                            break;
                        }

                        end += read;
                    }

                    int done = reader.Parse(new ReadOnlySpan<byte>(buffer, 0, end), final);

                    // Keep only the unfinished unit, at the front.
                    Buffer.BlockCopy(buffer, done, buffer, 0, end - done);
                    end -= done;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            return (reader._page, reader._hasResults);
        }

        /// <summary>
        /// Reads every whole unit (a key with its value, or one list item) in
        /// <paramref name="data"/> and returns how many bytes they took; an unfinished unit
        /// is read again, from its start, with the next chunk.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private int Parse(ReadOnlySpan<byte> data, bool final)
        {
            var reader = new Utf8JsonReader(data, final, _state);
            int done = 0;
            while (ReadUnit(ref reader))
            {
                done = (int)reader.BytesConsumed;
                _state = reader.CurrentState;
            }

            if (final && _stage != Stage.Done)
            {
                throw new JsonException("The JSON answer ends before its list does.");
            }

            return done;
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
                    if (!reader.Read())
                    {
                        return false;
                    }

                    if (reader.TokenType == JsonTokenType.EndArray)
                    {
                        _stage = Stage.Envelope;
                        return true;
                    }

                    if (!_items.TryRead(ref reader, out T item))
                    {
                        return false;
                    }

                    _page.Items.Add(item);
                    return true;
                default:
                    // After the envelope only whitespace may follow; the reader throws otherwise.
                    return reader.Read();
            }
        }

        private bool Finish()
        {
            _stage = Stage.Done;
            return true;
        }

        [MethodImpl(HotPath.Optimized)]
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
                    _page.Items.Clear();
                    _hasResults = true;
                    _stage = Stage.Results;
                    return true;
                }

                _hasResults = false;
                return reader.TrySkip();
            }

            if (reader.ValueTextEquals("next"))
            {
                if (!reader.Read())
                {
                    return false;
                }

                string next = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                _page.Next = string.IsNullOrEmpty(next) ? null : next;
                return reader.TrySkip();
            }

            if (reader.ValueTextEquals("count"))
            {
                if (!reader.Read())
                {
                    return false;
                }

                _page.Count = reader.TokenType == JsonTokenType.Number ? reader.GetInt64() : (long?)null;
                return reader.TrySkip();
            }

            return reader.Read() && reader.TrySkip();
        }
    }
}
