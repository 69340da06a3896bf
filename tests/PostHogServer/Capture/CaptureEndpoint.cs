using System.Text.Json;
using System.Text.Json.Nodes;
using PostHogServer.Api;
using PostHogServer.Control;
using PostHogServer.Json;
using PostHogServer.Store;

namespace PostHogServer.Capture;

/// <summary>
/// POST /batch/, /i/v0/e/, /capture/ (also /e/): accepts one event or a batch with the
/// project token (api_key, token or $token), applies person property changes, and answers
/// 200 {"status":"Ok"}. Not authenticated with personal keys and never rate limited.
/// </summary>
public static class CaptureEndpoint
{
    private const string KeyHelp = "You can find your project API key in PostHog project settings.";

    /// <summary>Handles one capture request.</summary>
    public static ApiResult Handle(ServerState state, ApiRequest request)
    {
        if (request.Method != "POST")
        {
            return ApiError.MethodNotAllowed(request.Method).ToResult();
        }

        JsonNode? body;
        try
        {
            body = request.Body.Length == 0 ? null : JsonSettings.Parse(request.Body);
        }
        catch (JsonException exception)
        {
            return new ApiError(400, "validation_error", "invalid_payload",
                "Malformed request data: " + exception.Message).ToResult();
        }

        var events = EventsOf(body);
        var token = TokenOf(body, events);
        if (string.IsNullOrEmpty(token))
        {
            return new ApiError(401, "authentication_error", "missing_api_key",
                "API key not provided. " + KeyHelp).ToResult();
        }

        var project = state.Projects.FindByToken(token);
        if (project is null)
        {
            return new ApiError(401, "authentication_error", "invalid_api_key",
                "Project API key invalid. " + KeyHelp).ToResult();
        }

        var changes = events.Select(CaptureParser.Parse).OfType<CaptureEvent>().ToList();
        if (changes.Count > 0)
        {
            var delay = state.Config.Current.PropertyChangeDelayMs;
            state.Ingestion.Run(delay, () => Ingestion.Apply(project, changes));
        }

        return ApiResult.Json(200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("status", "Ok");
            writer.WriteEndObject();
        });
    }

    private static List<JsonObject> EventsOf(JsonNode? body)
    {
        var list = body switch
        {
            JsonArray array => array,
            JsonObject { } batch when batch["batch"] is JsonArray inner => inner,
            JsonObject { } batch when batch["data"] is JsonArray data => data,
            JsonObject single => new JsonArray(single.DeepClone()),
            _ => new JsonArray(),
        };
        return list.OfType<JsonObject>().ToList();
    }

    private static string? TokenOf(JsonNode? body, List<JsonObject> events)
    {
        if (body is JsonObject root && FirstText(root, "api_key", "token", "$token") is { } top)
        {
            return top;
        }

        foreach (var item in events)
        {
            var found = FirstText(item, "api_key", "token", "$token")
                ?? (item["properties"] is JsonObject properties
                    ? FirstText(properties, "token", "api_key", "$token")
                    : null);
            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }

    private static string? FirstText(JsonObject json, params string[] names)
    {
        foreach (var name in names)
        {
            if (json[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String)
            {
                return value.GetValue<string>();
            }
        }

        return null;
    }
}
