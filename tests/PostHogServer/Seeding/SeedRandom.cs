namespace PostHogServer.Seeding;

/// <summary>
/// Small deterministic random source (SplitMix64). Each person gets its own stream from
/// (seed, person id), so persons can be generated in parallel and in any order.
/// </summary>
public struct SeedRandom
{
    private ulong state;

    /// <summary>Creates the stream for one person of one seed.</summary>
    public SeedRandom(int seed, long personId, ulong stream = 0)
    {
        state = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ (ulong)personId * 0xBF58476D1CE4E5B9UL
            ^ stream * 0x94D049BB133111EBUL;
        NextULong();
    }

    /// <summary>Next 64 random bits.</summary>
    public ulong NextULong()
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Integer in [0, maxExclusive).</summary>
    public int Next(int maxExclusive) => (int)(NextULong() % (ulong)maxExclusive);

    /// <summary>Integer in [min, maxExclusive).</summary>
    public int Next(int min, int maxExclusive) => min + Next(maxExclusive - min);

    /// <summary>Double in [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>True with the given probability.</summary>
    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>Picks one element.</summary>
    public T Pick<T>(T[] items) => items[Next(items.Length)];
}
