using System.Text.Json;
using System.Text.Json.Nodes;
using PostHogServer.Json;

namespace PostHogServer.Control;

/// <summary>
/// Small helpers for the /_test/ endpoints: read a JSON object, write JSON or an error.
/// </summary>
public static class ControlHttp
{
    /// <summary>
    /// The body as a JSON object; an empty body is an empty object; null when malformed.
    /// </summary>
    public static async Task<JsonObject?> ReadObjectAsync(HttpContext http)
    {
        using var memory = new MemoryStream();
        await http.Request.Body.CopyToAsync(memory, http.RequestAborted);
        if (memory.Length == 0)
        {
            return new JsonObject();
        }

        try
        {
            return JsonSettings.Parse(memory.ToArray()) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Writes a JSON response.</summary>
    public static Task WriteAsync(HttpContext http, int status, Action<Utf8JsonWriter> write)
    {
        var body = JsonBuffer.Build(write);
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        http.Response.ContentLength = body.Length;
        return http.Response.Body.WriteAsync(body, http.RequestAborted).AsTask();
    }

    /// <summary>Writes {"error": message} with the status.</summary>
    public static Task ErrorAsync(HttpContext http, int status, string message)
    {
        return WriteAsync(http, status, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("error", message);
            writer.WriteEndObject();
        });
    }

    /// <summary>An integer field, or the fallback when absent.</summary>
    public static long Number(JsonObject body, string name, long fallback)
    {
        return body[name] is { } node ? node.GetValue<long>() : fallback;
    }
}
