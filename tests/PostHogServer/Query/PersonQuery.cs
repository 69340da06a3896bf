using System.Text.Json;
using PostHogServer.Api;
using PostHogServer.Store;

namespace PostHogServer.Query;

/// <summary>
/// Finds the persons a list request asks for, newest first. Results are cached per filter
/// and store version, so paging through a filtered list scans the store only once.
/// </summary>
public static class PersonQuery
{
    private const int CacheSize = 8;
    private static readonly object CacheGate = new();
    private static readonly LinkedList<CacheEntry> Cache = new();

    /// <summary>All matching persons in list order, or the error to send.</summary>
    public static ApiError? Run(PersonStore store, ListParameters parameters, out Person[] matches)
    {
        matches = [];
        if (parameters.IsUnfiltered)
        {
            matches = store.Ordered;
            return null;
        }

        var version = store.Version;
        if (FromCache(store, version, parameters.FilterKey) is { } cached)
        {
            matches = cached;
            return null;
        }

        var error = BuildFilters(parameters, out var filters);
        if (error is not null)
        {
            return error;
        }

        matches = Scan(store, parameters, filters);
        AddToCache(new CacheEntry(store, version, parameters.FilterKey, matches));
        return null;
    }

    private static Person[] Scan(
        PersonStore store,
        ListParameters parameters,
        List<PropertyFilter> filters)
    {
        IEnumerable<Person> candidates = store.Ordered;
        if (parameters.DistinctId is { } distinctId)
        {
            var owner = store.FindByDistinctId(distinctId);
            candidates = owner is null ? [] : [owner];
        }

        var search = parameters.Search is { } term ? LikePattern.Contains(term) : null;
        var result = new List<Person>();
        foreach (var person in candidates)
        {
            var found = search is null || MatchesSearch(person, search);
            if (found && filters.TrueForAll(f => f.Matches(person)))
            {
                result.Add(person);
            }
        }

        return result.ToArray();
    }

    /// <summary>Search: email, name, UUID or any distinct id contains the term (ILIKE).</summary>
    private static bool MatchesSearch(Person person, LikePattern search)
    {
        var properties = person.Properties;
        return search.IsMatch(PropertyReader.Find(properties, "email").Text)
            || search.IsMatch(PropertyReader.Find(properties, "name").Text)
            || search.IsMatch(person.UuidText) || Array.Exists(person.DistinctIds, search.IsMatch);
    }

    /// <summary>
    /// Parses the properties JSON. Malformed JSON or non-object items make PostHog fail with
    /// a 500 (json.loads / dict access); an invalid filter object is a 400.
    /// </summary>
    private static ApiError? BuildFilters(ListParameters parameters, out List<PropertyFilter> filters)
    {
        filters = new List<PropertyFilter>();
        if (parameters.Properties is { } raw)
        {
            try
            {
                using var document = JsonDocument.Parse(raw);
                if (document.RootElement.ValueKind != JsonValueKind.Array)
                {
                    return ApiError.ServerError();
                }

                foreach (var item in document.RootElement.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Object)
                    {
                        return ApiError.ServerError();
                    }

                    filters.Add(PropertyFilter.Parse(item));
                }
            }
            catch (JsonException)
            {
                return ApiError.ServerError();
            }
            catch (FormatException exception)
            {
                return ApiError.Validation(exception.Message, "properties");
            }
        }

        if (parameters.Email is { } email)
        {
            filters.Add(PropertyFilter.Exact("email", email));
        }

        return null;
    }

    private static Person[]? FromCache(PersonStore store, long version, string key)
    {
        lock (CacheGate)
        {
            for (var node = Cache.First; node is not null; node = node.Next)
            {
                var entry = node.Value;
                if (ReferenceEquals(entry.Store, store) && entry.Version == version && entry.Key == key)
                {
                    Cache.Remove(node);
                    Cache.AddFirst(node);
                    return entry.Matches;
                }
            }
        }

        return null;
    }

    private static void AddToCache(CacheEntry entry)
    {
        lock (CacheGate)
        {
            Cache.AddFirst(entry);
            while (Cache.Count > CacheSize)
            {
                Cache.RemoveLast();
            }
        }
    }

    private sealed record CacheEntry(PersonStore Store, long Version, string Key, Person[] Matches);
}
