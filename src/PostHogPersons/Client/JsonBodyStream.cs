using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace PostHogPersons.Client
{
    /// <summary>
    /// A read-only view of a response body that counts the bytes read and keeps the first
    /// ones, so that a body parsed as it streams in can still be described in an error.
    /// </summary>
    internal sealed class JsonBodyStream : Stream
    {
        private const int HeadLength = 800;

        private readonly Stream _inner;
        private readonly byte[] _head = new byte[HeadLength];
        private int _headLength;

        public JsonBodyStream(Stream inner, long? expectedLength = null)
        {
            _inner = inner;
            ExpectedLength = expectedLength;
        }

        /// <summary>The length the response announced, when it did (not when compressed).</summary>
        public long? ExpectedLength { get; }

        /// <summary>Bytes read so far.</summary>
        public long BytesRead { get; private set; }

        /// <summary>The first bytes of the body (at most 800).</summary>
        public byte[] Head
        {
            get
            {
                var head = new byte[_headLength];
                Buffer.BlockCopy(_head, 0, head, 0, _headLength);
                return head;
            }
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => BytesRead;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            return Count(buffer, offset, _inner.Read(buffer, offset, count));
        }

        public override async Task<int> ReadAsync(
            byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            int read = await _inner.ReadAsync(buffer, offset, count, cancellationToken)
                .ConfigureAwait(false);
            return Count(buffer, offset, read);
        }

        /// <summary>Reads the rest of the body, only to count it.</summary>
        public async Task DrainAsync(CancellationToken cancellationToken)
        {
            var buffer = new byte[16384];
            while (await ReadAsync(buffer, 0, buffer.Length, cancellationToken)
                .ConfigureAwait(false) > 0)
            {
            }
        }

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) =>
            throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) =>
            throw new NotSupportedException();

        private int Count(byte[] buffer, int offset, int read)
        {
            if (_headLength < HeadLength && read > 0)
            {
                int keep = Math.Min(read, HeadLength - _headLength);
                Buffer.BlockCopy(buffer, offset, _head, _headLength, keep);
                _headLength += keep;
            }

            BytesRead += read;
            return read;
        }
    }
}
