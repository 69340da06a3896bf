using System.Buffers;
using System.Text.Json;

namespace PostHogServer.Json;

/// <summary>
/// Writes JSON into a reusable per-thread buffer and returns the bytes. Nested calls (a page
/// builder asking a person for its JSON) get a fresh buffer instead of the busy one.
/// </summary>
public static class JsonBuffer
{
    private const int KeepCapacity = 4 * 1024 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? writer;

    [ThreadStatic]
    private static bool busy;

    /// <summary>Runs <paramref name="write"/> against a fresh writer and copies the result.</summary>
    public static byte[] Build(Action<Utf8JsonWriter> write)
    {
        return Build(write, static (json, action) => action(json));
    }

    /// <summary>Builds a JSON document with a state argument, avoiding closure allocations.</summary>
    public static byte[] Build<T>(T state, Action<Utf8JsonWriter, T> write)
    {
        if (busy)
        {
            var own = new ArrayBufferWriter<byte>(1024);
            using (var json = new Utf8JsonWriter(own, JsonSettings.Writer))
            {
                write(json, state);
            }

            return own.WrittenSpan.ToArray();
        }

        var target = buffer ??= new ArrayBufferWriter<byte>(4096);
        var shared = writer ??= new Utf8JsonWriter(target, JsonSettings.Writer);
        target.ResetWrittenCount();
        shared.Reset(target);
        busy = true;
        try
        {
            write(shared, state);
            shared.Flush();
            return target.WrittenSpan.ToArray();
        }
        finally
        {
            busy = false;
            if (target.Capacity > KeepCapacity)
            {
                buffer = null;
                writer = null;
            }
        }
    }
}
