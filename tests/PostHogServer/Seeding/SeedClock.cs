namespace PostHogServer.Seeding;

/// <summary>
/// Creation times of seeded persons: spread over the two years before a fixed anchor, roughly
/// rising with the id but jittered, with some groups sharing the exact same time.
/// </summary>
public static class SeedClock
{
    /// <summary>The newest possible seeded creation time.</summary>
    public static readonly DateTime Anchor = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The oldest possible seeded creation time.</summary>
    public static readonly DateTime Start = Anchor.AddDays(-730);

    private const int TieBlock = 997;
    private const long JitterTicks = 2 * TimeSpan.TicksPerHour;

    /// <summary>
    /// Creation time of person <paramref name="id"/> (1-based) out of <paramref name="count"/>.
    /// </summary>
    public static DateTime CreatedAt(int seed, long id, int count)
    {
        var groupStart = id - (id - 1) % TieBlock;
        if (id != groupStart && id - groupStart < TieGroupSize(groupStart))
        {
            return WholeSecond(Spread(seed, groupStart, count));
        }

        if (id == groupStart)
        {
            return WholeSecond(Spread(seed, id, count));
        }

        return Spread(seed, id, count);
    }

    /// <summary>
    /// Size of the tie group that starts at <paramref name="groupStart"/>: 2 to 4.
    /// </summary>
    public static int TieGroupSize(long groupStart) => 2 + (int)(groupStart / TieBlock % 3);

    private static DateTime Spread(int seed, long id, int count)
    {
        var random = new SeedRandom(seed, id, stream: 1);
        var span = (Anchor - Start).Ticks;
        var baseTicks = Start.Ticks + (long)((double)(id - 1) / Math.Max(count, 1) * span);
        var jitter = (long)((random.NextDouble() * 2 - 1) * JitterTicks);
        var ticks = Math.Clamp(baseTicks + jitter, Start.Ticks, Anchor.Ticks);
        var precision = random.Next(10);
        ticks -= precision switch
        {
            0 => ticks % TimeSpan.TicksPerSecond,
            < 7 => ticks % TimeSpan.TicksPerMillisecond,
            _ => ticks % 10,
        };
        return new DateTime(ticks, DateTimeKind.Utc);
    }

    private static DateTime WholeSecond(DateTime time)
    {
        return new DateTime(time.Ticks - time.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
    }
}
