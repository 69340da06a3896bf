using PostHogServer.Api;
using PostHogServer.Query;
using PostHogServer.Store;

namespace PostHogServer.Persons;

/// <summary>
/// GET persons/values/?key=&amp;value=: the most common values of a person property, with an
/// optional case-insensitive substring filter. Cache-Control: max-age=10 as PostHog sends.
/// </summary>
public static class ValuesEndpoint
{
    private const int MaxValues = 10;

    /// <summary>Handles values.</summary>
    public static ApiResult Handle(ApiContext context)
    {
        var key = context.Request.Query("key");
        var search = context.Request.Query("value");
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(key) && !key.StartsWith("$virt", StringComparison.Ordinal))
        {
            var filter = search is null ? null : LikePattern.Contains(search);
            foreach (var person in context.Persons.Ordered)
            {
                var text = PropertyReader.Find(person.Properties, key).Text;
                if (text is not null && (filter is null || filter.IsMatch(text)))
                {
                    counts[text] = counts.GetValueOrDefault(text) + 1;
                }
            }
        }

        var top = counts.OrderByDescending(pair => pair.Value)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Take(MaxValues)
            .ToList();
        return ApiResult.Json(200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("results");
            foreach (var (name, count) in top)
            {
                writer.WriteStartObject();
                writer.WriteString("name", name);
                writer.WriteNumber("count", count);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteBoolean("refreshing", false);
            writer.WriteEndObject();
        }).WithHeader("Cache-Control", "max-age=10");
    }
}
