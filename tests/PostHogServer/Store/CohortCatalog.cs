namespace PostHogServer.Store;

/// <summary>One cohort: id, name, whether it was deleted, and who belongs to it.</summary>
public sealed record Cohort(long Id, string Name, bool Deleted, Func<Person, bool> Contains);

/// <summary>
/// The cohorts every project has: a fixed set defined on the seeded person properties, so
/// membership is deterministic and follows property changes. Counts are computed per store
/// version and cached.
/// </summary>
public static class CohortCatalog
{
    /// <summary>All cohorts, deleted ones included, by id.</summary>
    public static readonly Cohort[] All =
    [
        new(1, "Pro plan", false, p => Text(p, "plan") == "pro"),
        new(2, "Enterprise customers", false, p => Text(p, "plan") == "enterprise"),
        new(3, "Beta testers", false, p => PropertyReader.Find(p.Properties, "is_beta").IsTruthy),
        new(4, "Users in Germany", false, p => Text(p, "$geoip_country_code") == "DE"),
        new(5, "Identified with email", false, p => p.IsIdentified && Text(p, "email") is not null),
        new(6, "Old free plan (deleted)", true, p => Text(p, "plan") == "free"),
    ];

    private static readonly object Gate = new();
    private static (PersonStore Store, long Version, int[] Counts)? counts;

    /// <summary>The cohorts, not deleted, that hold the person.</summary>
    public static IEnumerable<Cohort> Of(Person person)
    {
        return All.Where(c => !c.Deleted && c.Contains(person));
    }

    /// <summary>How many persons of the store belong to <paramref name="cohort"/>.</summary>
    public static int Count(PersonStore store, Cohort cohort)
    {
        var version = store.Version;
        lock (Gate)
        {
            if (counts is not { } cached || !ReferenceEquals(cached.Store, store) || cached.Version != version)
            {
                var persons = store.Ordered;
                var fresh = All.Select(c => persons.Count(c.Contains)).ToArray();
                counts = cached = (store, version, fresh);
            }

            return cached.Counts[Array.IndexOf(All, cohort)];
        }
    }

    private static string? Text(Person person, string key) => PropertyReader.Find(person.Properties, key).Text;
}
