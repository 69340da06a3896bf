using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PostHogServer.Api;
using PostHogServer.Json;
using PostHogServer.Query;
using PostHogServer.Store;

namespace PostHogServer.Insights;

/// <summary>One funnel step, trend series or timeline entity: an event or an action.</summary>
public sealed record InsightEntity(string Key, int Order, JsonElement? Properties);

/// <summary>
/// PostHog's legacy insight filter as the persons helpers read it: the query string and, for
/// POST, the JSON body on top of it (the body wins, as in BaseFilter). Values that hold JSON
/// (events, actions, properties) may be JSON text or, in a body, JSON itself.
/// </summary>
public sealed class InsightFilter
{
    private readonly ApiRequest request;
    private readonly JsonObject body;

    private InsightFilter(ApiRequest request, JsonObject body)
    {
        this.request = request;
        this.body = body;
    }

    /// <summary>Reads the filter of a request, or the error to send.</summary>
    public static ApiError? Read(ApiContext context, out InsightFilter filter)
    {
        filter = null!;
        var body = new JsonObject();
        if (context.Request.Method == "POST")
        {
            var error = context.Request.ReadJson(out var data);
            if (error is not null)
            {
                return error;
            }

            body = data!;
        }

        filter = new InsightFilter(context.Request, body);
        return null;
    }

    /// <summary>A value as text: the body's (JSON text when not a string), else the query's.</summary>
    public string? Text(string name)
    {
        return body.TryGetPropertyValue(name, out var node) && node is not null
            ? JsonTruthiness.AsText(node)
            : request.Query(name);
    }

    /// <summary>A whole number, <paramref name="fallback"/> when absent or empty.</summary>
    public int Number(string name, int fallback)
    {
        var text = Text(name);
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture,
            out var value)
            ? value
            : throw new FormatException($"'{name}' must be a whole number.");
    }

    /// <summary>The page size (limit, default 100) and start (offset, default 0).</summary>
    public (int Limit, int Offset) Page(string limitName = "limit", string offsetName = "offset")
    {
        var limit = Number(limitName, 0);
        var offset = Number(offsetName, 0);
        return (limit <= 0 ? 100 : limit, Math.Max(0, offset));
    }

    /// <summary>The events and actions, ordered by their "order" (then as given).</summary>
    public List<InsightEntity> Entities()
    {
        var entities = new List<InsightEntity>();
        AddEntities(entities, "events", SyntheticEvents.Event);
        AddEntities(entities, "actions", SyntheticEvents.Action);
        return entities.OrderBy(e => e.Order).ToList();
    }

    /// <summary>The person property filters of "properties"; throws FormatException.</summary>
    public List<PropertyFilter> PersonFilters()
    {
        var filters = new List<PropertyFilter>();
        if (Json("properties") is { ValueKind: JsonValueKind.Array } array)
        {
            foreach (var item in array.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object && IsPersonFilter(item))
                {
                    filters.Add(PropertyFilter.Parse(item));
                }
            }
        }

        return filters;
    }

    /// <summary>The keys of person property filters in "properties" and in each entity.</summary>
    public IEnumerable<string> PersonFilterKeys()
    {
        var sources = new List<JsonElement>();
        if (Json("properties") is { } top)
        {
            sources.Add(top);
        }

        sources.AddRange(Entities().Where(e => e.Properties is not null).Select(e => e.Properties!.Value));
        foreach (var source in sources.Where(s => s.ValueKind == JsonValueKind.Array))
        {
            foreach (var item in source.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object && IsPersonFilter(item)
                    && item.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String)
                {
                    yield return key.GetString()!;
                }
            }
        }
    }

    /// <summary>
    /// Whether the person passes the filters and, when a breakdown property and value are
    /// given, has that value.
    /// </summary>
    public static bool Matches(
        Person person,
        List<PropertyFilter> filters,
        string? breakdown,
        string? breakdownValue)
    {
        if (!filters.TrueForAll(f => f.Matches(person)))
        {
            return false;
        }

        return breakdown is null || breakdownValue is null
            || PropertyReader.Find(person.Properties, breakdown).Text == breakdownValue;
    }

    /// <summary>A value parsed as JSON, or null when absent; throws FormatException.</summary>
    public JsonElement? Json(string name)
    {
        if (body.TryGetPropertyValue(name, out var node) && node is not null and not JsonValue)
        {
            return JsonSerializer.SerializeToElement(node);
        }

        var text = Text(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new FormatException($"'{name}' is not valid JSON.");
        }
    }

    private void AddEntities(List<InsightEntity> entities, string name, Func<string, string> key)
    {
        if (Json(name) is not { ValueKind: JsonValueKind.Array } array)
        {
            return;
        }

        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("id", out var id)
                || id.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
            {
                throw new FormatException($"Each of '{name}' needs an 'id'.");
            }

            var order = item.TryGetProperty("order", out var o) && o.TryGetInt32(out var n)
                ? n
                : entities.Count;
            JsonElement? properties = item.TryGetProperty("properties", out var p) ? p : null;
            var text = id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText();
            entities.Add(new InsightEntity(key(text), order, properties));
        }
    }

    private static bool IsPersonFilter(JsonElement item)
    {
        return !item.TryGetProperty("type", out var type)
            || (type.ValueKind == JsonValueKind.String && type.GetString() == "person");
    }
}
