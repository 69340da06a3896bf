using PostHogServer.Store;

namespace PostHogServer.Insights;

/// <summary>
/// The server keeps no events, so the insight helpers (lifecycle, trends, funnels, property
/// timelines) read a deterministic stand-in: a person performs an event or action on about
/// one day in eight, at most once that day, never before the person was created, and always
/// on the day it was created. The same (person, entity, day) always gives the same answer.
/// </summary>
public static class SyntheticEvents
{
    /// <summary>The entity of "any event" (no events or actions asked for).</summary>
    public const string AnyEvent = "*";

    /// <summary>The most days one question scans per person.</summary>
    // Limitation: ranges longer than this (date_from=all on old persons) are cut short.
    public const int MaxDays = 1000;

    private const int OneDayIn = 8;

    /// <summary>The entity key of an event name.</summary>
    public static string Event(string name) => "events:" + name;

    /// <summary>The entity key of an action id.</summary>
    public static string Action(string id) => "actions:" + id;

    /// <summary>
    /// When the person performed <paramref name="entity"/> on the UTC day starting at
    /// <paramref name="day"/>, or null when it did not.
    /// </summary>
    public static DateTime? On(Person person, string entity, DateTime day)
    {
        var created = person.CreatedAt.Date;
        if (day < created)
        {
            return null;
        }

        var hash = Hash(person, entity, day.Ticks / TimeSpan.TicksPerDay);
        if (day != created && hash % OneDayIn != 0)
        {
            return null;
        }

        var at = day.AddSeconds((long)(hash >> 8) % 86_400);
        return at < person.CreatedAt ? person.CreatedAt : at;
    }

    /// <summary>
    /// The person's events of <paramref name="entity"/> in [from, to), oldest first (at most
    /// <see cref="MaxDays"/> days are looked at).
    /// </summary>
    public static IEnumerable<DateTime> Between(Person person, string entity, DateTime from, DateTime to)
    {
        var first = from < person.CreatedAt ? person.CreatedAt.Date : from.Date;
        var scanned = 0;
        for (var day = first; day < to && scanned < MaxDays; day = day.AddDays(1), scanned++)
        {
            if (On(person, entity, day) is { } at && at >= from && at < to)
            {
                yield return at;
            }
        }
    }

    /// <summary>Whether the person performed <paramref name="entity"/> in [from, to).</summary>
    public static bool Any(Person person, string entity, DateTime from, DateTime to)
    {
        return Between(person, entity, from, to).Any();
    }

    /// <summary>A well-mixed 64-bit hash of a person, a text and a number.</summary>
    public static ulong Hash(Person person, string text, long number)
    {
        var bytes = person.Uuid.ToByteArray();
        var value = BitConverter.ToUInt64(bytes, 0) ^ Mix(BitConverter.ToUInt64(bytes, 8));
        foreach (var c in text)
        {
            value = (value ^ c) * 0x100000001B3UL;
        }

        return Mix(value ^ Mix((ulong)number));
    }

    /// <summary>SplitMix64's finaliser.</summary>
    private static ulong Mix(ulong value)
    {
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }
}
