using System.Globalization;
using PostHogServer.Store;

namespace PostHogServer.Seeding;

/// <summary>
/// Generates the same persons for the same (seed, count, project): ids 1..count, UUIDs derived
/// from the first distinct id as ingestion does, realistic and awkward property values.
/// </summary>
public static class PersonSeeder
{
    /// <summary>Generates <paramref name="count"/> persons in parallel; index i holds id i + 1.</summary>
    public static Person[] Generate(int count, int seed, long projectId)
    {
        var persons = new Person[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            () => new SeedPropertyWriter(),
            (index, _, writer) =>
            {
                persons[index] = Create(index + 1, count, seed, projectId, writer);
                return writer;
            },
            _ => { });
        return persons;
    }

    private static Person Create(long id, int count, int seed, long projectId, SeedPropertyWriter writer)
    {
        var random = new SeedRandom(seed, id);
        var createdAt = SeedClock.CreatedAt(seed, id, count);
        var identified = random.Chance(0.85);
        var profile = SeedProfile.Create(ref random, id, identified);
        var distinctIds = DistinctIds(ref random, id, identified, profile, createdAt);
        var lastSeenAt = random.Chance(0.88) ? LastSeen(ref random, createdAt) : (DateTime?)null;
        var properties = writer.Write(ref random, id, profile, createdAt);
        var facts = PersonFacts.ForStrings(profile.Email, profile.Name, profile.Username);
        var uuid = PersonUuids.FromDistinctId(projectId, distinctIds[0]);
        return new Person(id, uuid, createdAt, lastSeenAt, identified, distinctIds, properties, facts);
    }

    private static string[] DistinctIds(
        ref SeedRandom random,
        long id,
        bool identified,
        SeedProfile profile,
        DateTime createdAt)
    {
        var anonymousCount = identified ? random.Next(0, 4) : random.Next(1, 4);
        var total = anonymousCount + (identified ? 1 : 0);
        var ids = new string[total];
        for (var i = 0; i < anonymousCount; i++)
        {
            ids[i] = AnonymousId(ref random, createdAt);
        }

        if (identified)
        {
            ids[total - 1] = profile.Email is not null && random.Chance(0.2)
                ? profile.Email
                : "user-" + id.ToString("D6", CultureInfo.InvariantCulture);
        }

        return ids;
    }

    /// <summary>A UUIDv7-looking anonymous id, as browser SDKs create before identify.</summary>
    private static string AnonymousId(ref SeedRandom random, DateTime createdAt)
    {
        var millis = (ulong)(createdAt - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMillisecond;
        millis -= (ulong)random.Next(0, 86_400_000);
        var high = (millis << 16) | 0x7000UL | (random.NextULong() & 0x0FFF);
        var low = (random.NextULong() & 0x3FFFFFFFFFFFFFFFUL) | 0x8000000000000000UL;
        var hex = high.ToString("x16", CultureInfo.InvariantCulture)
            + low.ToString("x16", CultureInfo.InvariantCulture);
        return string.Create(36, hex, static (span, h) =>
        {
            h.AsSpan(0, 8).CopyTo(span);
            span[8] = '-';
            h.AsSpan(8, 4).CopyTo(span[9..]);
            span[13] = '-';
            h.AsSpan(12, 4).CopyTo(span[14..]);
            span[18] = '-';
            h.AsSpan(16, 4).CopyTo(span[19..]);
            span[23] = '-';
            h.AsSpan(20, 12).CopyTo(span[24..]);
        });
    }

    private static DateTime LastSeen(ref SeedRandom random, DateTime createdAt)
    {
        var room = Math.Max(0, (SeedClock.Anchor - createdAt).Ticks);
        var offset = (long)(random.NextDouble() * room);
        var ticks = createdAt.Ticks + offset;
        return new DateTime(ticks - ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
    }
}
