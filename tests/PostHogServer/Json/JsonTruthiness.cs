using System.Text.Json;
using System.Text.Json.Nodes;

namespace PostHogServer.Json;

/// <summary>
/// Python's bool() of a parsed JSON value, as PostHog's request.data.get checks it.
/// </summary>
public static class JsonTruthiness
{
    /// <summary>False for null, false, 0, "", [] and {}; true otherwise.</summary>
    public static bool IsTruthy(JsonNode? node)
    {
        return node switch
        {
            null => false,
            JsonArray array => array.Count > 0,
            JsonObject obj => obj.Count > 0,
            JsonValue value => value.GetValueKind() switch
            {
                JsonValueKind.True => true,
                JsonValueKind.String => value.GetValue<string>().Length > 0,
                JsonValueKind.Number => value.GetValue<double>() != 0,
                _ => false,
            },
            _ => false,
        };
    }

    /// <summary>The string value, or the JSON text of a non-string value, or null.</summary>
    public static string? AsText(JsonNode? node)
    {
        return node switch
        {
            null => null,
            JsonValue value when value.GetValueKind() == JsonValueKind.String =>
                value.GetValue<string>(),
            _ => node.ToJsonString(),
        };
    }
}
