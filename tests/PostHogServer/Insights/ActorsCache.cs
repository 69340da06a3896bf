using System.Text;
using PostHogServer.Api;
using PostHogServer.Store;

namespace PostHogServer.Insights;

/// <summary>
/// Remembers the matching persons of the last few insight questions, keyed by the path, the
/// query without its paging parameters, the body and the store version, so that paging
/// through a long list scans the persons once rather than once per page.
/// </summary>
public static class ActorsCache
{
    private const int Size = 8;
    private static readonly string[] PagingNames =
        ["limit", "offset", "funnel_correlation_person_limit", "funnel_correlation_person_offset"];

    private static readonly object Gate = new();
    private static readonly LinkedList<(PersonStore Store, long Version, string Key, List<Person> Matches)> Entries = new();

    /// <summary>The cached matches of this request's question, or those <paramref name="find"/> gives.</summary>
    public static List<Person> Get(ApiContext context, Func<List<Person>> find)
    {
        var store = context.Persons;
        var version = store.Version;
        var key = Key(context.Request);
        lock (Gate)
        {
            for (var node = Entries.First; node is not null; node = node.Next)
            {
                if (ReferenceEquals(node.Value.Store, store) && node.Value.Version == version && node.Value.Key == key)
                {
                    Entries.Remove(node);
                    Entries.AddFirst(node);
                    return node.Value.Matches;
                }
            }
        }

        var matches = find();
        lock (Gate)
        {
            Entries.AddFirst((store, version, key, matches));
            while (Entries.Count > Size)
            {
                Entries.RemoveLast();
            }
        }

        return matches;
    }

    private static string Key(ApiRequest request)
    {
        var key = new StringBuilder(request.Method).Append(' ').Append(request.Path).Append('?');
        foreach (var pair in request.Http.Request.Query.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!PagingNames.Contains(pair.Key))
            {
                key.Append(pair.Key).Append('=').Append(pair.Value.ToString()).Append('&');
            }
        }

        return key.Append('\n').Append(Encoding.UTF8.GetString(request.Body)).ToString();
    }
}
