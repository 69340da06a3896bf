using System.Buffers;
using System.Text.Json;

namespace PostHogServer.Json;

/// <summary>
/// Writes JSON into a reusable per-thread buffer and returns the bytes. A nested lease (a page
/// builder asking for more JSON while its own lease is open) gets a fresh buffer instead.
/// </summary>
public static class JsonBuffer
{
    private const int KeepCapacity = 4 * 1024 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? sharedBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? sharedWriter;

    [ThreadStatic]
    private static bool busy;

    /// <summary>
    /// Runs <paramref name="write"/> against a fresh writer and copies the result.
    /// </summary>
    public static byte[] Build(Action<Utf8JsonWriter> write)
    {
        using var lease = Rent();
        write(lease.Writer);
        return lease.ToArray();
    }

    /// <summary>
    /// Builds a JSON document with a state argument, avoiding closure allocations.
    /// </summary>
    public static byte[] Build<T>(T state, Action<Utf8JsonWriter, T> write)
    {
        using var lease = Rent();
        write(lease.Writer, state);
        return lease.ToArray();
    }

    /// <summary>Takes a writer over an empty buffer; dispose the lease when done.</summary>
    public static Lease Rent()
    {
        if (busy)
        {
            var own = new ArrayBufferWriter<byte>(1024);
            return new Lease(new Utf8JsonWriter(own, JsonSettings.Writer), own, shared: false);
        }

        var buffer = sharedBuffer ??= new ArrayBufferWriter<byte>(4096);
        var writer = sharedWriter ??= new Utf8JsonWriter(buffer, JsonSettings.Writer);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        busy = true;
        return new Lease(writer, buffer, shared: true);
    }

    /// <summary>A writer on loan; <see cref="ToArray"/> copies what was written.</summary>
    public readonly struct Lease : IDisposable
    {
        private readonly ArrayBufferWriter<byte> buffer;
        private readonly bool shared;

        internal Lease(Utf8JsonWriter writer, ArrayBufferWriter<byte> buffer, bool shared)
        {
            Writer = writer;
            this.buffer = buffer;
            this.shared = shared;
        }

        /// <summary>The JSON writer.</summary>
        public Utf8JsonWriter Writer { get; }

        /// <summary>Bytes written so far, including those still pending in the writer.</summary>
        public int Position => (int)(Writer.BytesCommitted + Writer.BytesPending);

        /// <summary>Flushes and returns the written bytes (valid until the lease ends).</summary>
        public ReadOnlySpan<byte> Written
        {
            get
            {
                Writer.Flush();
                return buffer.WrittenSpan;
            }
        }

        /// <summary>Flushes and copies the written bytes.</summary>
        public byte[] ToArray()
        {
            Writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }

        /// <summary>Returns the shared buffer (or drops a private one).</summary>
        public void Dispose()
        {
            if (!shared)
            {
                Writer.Dispose();
                return;
            }

            busy = false;
            if (buffer.Capacity > KeepCapacity)
            {
                sharedBuffer = null;
                sharedWriter = null;
            }
        }
    }
}
