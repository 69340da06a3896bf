using System.Globalization;
using PostHogServer.Store;

namespace PostHogServer.Seeding;

/// <summary>
/// Generates the same persons for the same (seed, count, project): ids 1..count, UUIDs derived
/// from the first distinct id as ingestion does, realistic and awkward property values.
/// </summary>
public static class PersonSeeder
{
    /// <summary>
    /// Generates <paramref name="count"/> persons in parallel; index i holds id i + 1.
    /// </summary>
    public static Person[] Generate(int count, int seed, long projectId)
    {
        var persons = new Person[count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, count, parallel,
            () => (Writer: new SeedPropertyWriter(), Arena: new JsonArena()),
            (index, _, local) =>
            {
                persons[index] = Create(index + 1, count, seed, projectId, local.Writer, local.Arena);
                return local;
            },
            _ => { });
        return persons;
    }

    private static Person Create(
        long id,
        int count,
        int seed,
        long projectId,
        SeedPropertyWriter writer,
        JsonArena arena)
    {
        var random = new SeedRandom(seed, id);
        var createdAt = SeedClock.CreatedAt(seed, id, count);
        var identified = random.Chance(0.85);
        var profile = SeedProfile.Create(ref random, id, identified);
        var distinctIds = DistinctIds(ref random, id, identified, profile, createdAt);
        var lastSeenAt = random.Chance(0.88) ? LastSeen(ref random, createdAt) : (DateTime?)null;
        var properties = writer.Write(ref random, id, profile, createdAt);
        var facts = PersonFacts.ForStrings(profile.Email, profile.Name, profile.Username);
        var uuid = SeedUuid.ForPerson(seed, projectId, id, createdAt);
        return new Person(id, uuid, createdAt, lastSeenAt, identified, distinctIds, properties, facts,
            arena);
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
        return SeedUuid.Format(SeedUuid.Version7(millis, ref random));
    }

    private static DateTime LastSeen(ref SeedRandom random, DateTime createdAt)
    {
        var room = Math.Max(0, (SeedClock.Anchor - createdAt).Ticks);
        var offset = (long)(random.NextDouble() * room);
        var ticks = createdAt.Ticks + offset;
        return new DateTime(ticks - ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
    }
}
