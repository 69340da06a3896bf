using System.Text.Json;
using System.Text.Json.Nodes;
using PostHogServer.Json;

namespace PostHogServer.Capture;

/// <summary>Reads the person-relevant fields of one raw event object.</summary>
public static class CaptureParser
{
    /// <summary>
    /// The event, or null when capture would drop it (no name or no distinct id).
    /// </summary>
    public static CaptureEvent? Parse(JsonObject raw)
    {
        var properties = raw["properties"] as JsonObject ?? new JsonObject();
        var name = Text(raw["event"]);
        var distinctId = Text(raw["distinct_id"]) ?? Text(properties["distinct_id"]);
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(distinctId))
        {
            return null;
        }

        var timestamp = Timestamps.TryParse(Text(raw["timestamp"]), out var parsed)
            ? parsed
            : Timestamps.Now();
        var processProfile = properties["$process_person_profile"] is not JsonValue flag
            || flag.GetValueKind() != JsonValueKind.False;
        return new CaptureEvent(
            name,
            distinctId,
            timestamp,
            Set: Merge(properties["$set"], raw["$set"]),
            SetOnce: Merge(properties["$set_once"], raw["$set_once"]),
            Unset: Keys(properties["$unset"] ?? raw["$unset"]),
            AnonymousDistinctId: Text(properties["$anon_distinct_id"]),
            ProcessPersonProfile: processProfile);
    }

    private static JsonObject? Merge(JsonNode? fromProperties, JsonNode? fromEvent)
    {
        if (fromProperties is not JsonObject && fromEvent is not JsonObject)
        {
            return null;
        }

        var merged = new JsonObject();
        foreach (var source in new[] { fromEvent, fromProperties }.OfType<JsonObject>())
        {
            foreach (var (key, value) in source)
            {
                merged[key] = value?.DeepClone();
            }
        }

        return merged;
    }

    private static string[]? Keys(JsonNode? node) => node switch
    {
        JsonArray array => array.Select(Text).OfType<string>().ToArray(),
        JsonValue value when Text(value) is { } single => [single],
        _ => null,
    };

    private static string? Text(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => value.ToJsonString(),
            _ => null,
        };
    }
}
