namespace PostHogServer.Store;

/// <summary>
/// Packs many small JSON buffers into large shared chunks. Seeding a million persons this way
/// keeps their JSON out of the young generations, so garbage collections stay short.
/// Not thread-safe: use one arena per thread.
/// </summary>
public sealed class JsonArena
{
    private const int ChunkSize = 4 * 1024 * 1024;

    private byte[] chunk = [];
    private int used;

    /// <summary>Copies <paramref name="data"/> into the arena and returns where it lives.</summary>
    public ArraySegment<byte> Store(ReadOnlySpan<byte> data)
    {
        if (chunk.Length - used < data.Length)
        {
            chunk = GC.AllocateUninitializedArray<byte>(Math.Max(ChunkSize, data.Length));
            used = 0;
        }

        var segment = new ArraySegment<byte>(chunk, used, data.Length);
        data.CopyTo(segment);
        used += data.Length;
        return segment;
    }
}
