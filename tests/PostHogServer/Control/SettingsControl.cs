using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PostHogServer.Auth;
using PostHogServer.Faults;

namespace PostHogServer.Control;

/// <summary>
/// Control endpoints for behaviour: config, keys, the request log and fault rules.
/// </summary>
public sealed class SettingsControl
{
    private readonly ServerState state;

    /// <summary>Creates the endpoints over the server state.</summary>
    public SettingsControl(ServerState state)
    {
        this.state = state;
    }

    /// <summary>GET /_test/config.</summary>
    public Task ConfigAsync(HttpContext http) =>
        ControlHttp.WriteAsync(http, 200, state.Config.Current.WriteTo);

    /// <summary>POST /_test/config: partial update; returns the whole config.</summary>
    public async Task UpdateConfigAsync(HttpContext http)
    {
        var body = await ControlHttp.ReadObjectAsync(http);
        if (body is null)
        {
            await ControlHttp.ErrorAsync(http, 400, "Body must be a JSON object.");
            return;
        }

        try
        {
            var config = state.UpdateConfig(body);
            await ControlHttp.WriteAsync(http, 200, config.WriteTo);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException
                                              or FormatException)
        {
            await ControlHttp.ErrorAsync(http, 400, exception.Message);
        }
    }

    /// <summary>GET /_test/keys.</summary>
    public Task KeysAsync(HttpContext http)
    {
        return ControlHttp.WriteAsync(http, 200, writer =>
        {
            writer.WriteStartArray();
            foreach (var key in state.Keys.All())
            {
                WriteKey(writer, key);
            }

            writer.WriteEndArray();
        });
    }

    /// <summary>POST /_test/keys {"key", "scopes": [...], "projects": [...]}.</summary>
    public async Task AddKeyAsync(HttpContext http)
    {
        var body = await ControlHttp.ReadObjectAsync(http);
        try
        {
            var value = body?["key"]?.GetValue<string>();
            if (string.IsNullOrEmpty(value))
            {
                throw new ArgumentException("'key' is required.");
            }

            var scopes = (body!["scopes"] as JsonArray)?
                .Select(s => s!.GetValue<string>())
                .ToArray() ?? [];
            var projects = (body["projects"] as JsonArray)?
                .Select(p => p!.GetValue<long>())
                .ToArray() ?? [];
            var key = new ApiKey(value, scopes, projects, KeyRegistry.TestUser);
            state.Keys.Add(key);
            await ControlHttp.WriteAsync(http, 200, writer => WriteKey(writer, key));
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException
                                              or FormatException)
        {
            await ControlHttp.ErrorAsync(http, 400, exception.Message);
        }
    }

    /// <summary>GET /_test/requests[?since=seq] → recorded requests, oldest first.</summary>
    public Task RequestsAsync(HttpContext http)
    {
        var since = long.TryParse(http.Request.Query["since"], NumberStyles.Integer,
            CultureInfo.InvariantCulture, out var value) ? value : 0;
        var records = state.Requests.Snapshot(since);
        return ControlHttp.WriteAsync(http, 200, writer => RequestLog.Write(writer, records));
    }

    /// <summary>DELETE /_test/requests.</summary>
    public Task ClearRequestsAsync(HttpContext http)
    {
        state.Requests.Clear();
        return Ok(http);
    }

    /// <summary>GET /_test/faults → rules with remaining counts.</summary>
    public Task FaultsAsync(HttpContext http) =>
        ControlHttp.WriteAsync(http, 200, state.Faults.WriteTo);

    /// <summary>POST /_test/faults with one rule (or an array of rules).</summary>
    public async Task AddFaultAsync(HttpContext http)
    {
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException exception)
        {
            await ControlHttp.ErrorAsync(http, 400, exception.Message);
            return;
        }

        var rules = body switch
        {
            JsonArray array => array.OfType<JsonObject>().ToList(),
            JsonObject single => [single],
            _ => [],
        };
        try
        {
            foreach (var rule in rules)
            {
                FaultRule.Parse(rule, 0);
            }

            foreach (var rule in rules)
            {
                state.Faults.Add(id => FaultRule.Parse(rule, id));
            }

            await ControlHttp.WriteAsync(http, 200, state.Faults.WriteTo);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException
                                              or FormatException)
        {
            await ControlHttp.ErrorAsync(http, 400, exception.Message);
        }
    }

    /// <summary>DELETE /_test/faults.</summary>
    public Task ClearFaultsAsync(HttpContext http)
    {
        state.Faults.Clear();
        return Ok(http);
    }

    private static Task Ok(HttpContext http)
    {
        return ControlHttp.WriteAsync(http, 200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteBoolean("ok", true);
            writer.WriteEndObject();
        });
    }

    private static void WriteKey(Utf8JsonWriter writer, ApiKey key)
    {
        writer.WriteStartObject();
        writer.WriteString("key", key.Value);
        writer.WriteStartArray("scopes");
        foreach (var scope in key.Scopes)
        {
            writer.WriteStringValue(scope);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("projects");
        foreach (var project in key.Projects)
        {
            writer.WriteNumberValue(project);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
