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
    internal sealed partial class JsonPage : IDisposable
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

        /// <summary>
        /// The list's next link, or null when it is missing, null, empty or not a string.
        /// </summary>
        public string Next { get; private set; }

        /// <summary>The total count, when the server included one.</summary>
        public long? Count { get; private set; }

        /// <summary>How many items the results list holds.</summary>
        public int ItemCount => _bounds.Count / 2;

        /// <summary>The size of the body in bytes.</summary>
        public int Length => _length;

        /// <summary>
        /// The request and answer the page came with, for errors found while building items.
        /// </summary>
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
            new EnvelopeReader(this, record: true, leftOut: -1)
                .Read(new ReadOnlySpan<byte>(_body, 0, _length));
        }
    }
}
