using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PostHogServer.Json;
using PostHogServer.Persons;
using PostHogServer.Store;

namespace PostHogServer.Control;

/// <summary>
/// Control endpoints about data: reset, stats, persons, activity, deletions, projects.
/// </summary>
public sealed class DataControl
{
    private readonly ServerState state;

    /// <summary>Creates the endpoints over the server state.</summary>
    public DataControl(ServerState state)
    {
        this.state = state;
    }

    /// <summary>POST /_test/reset {"count","seed","projectId"} → {"count": N}.</summary>
    public async Task ResetAsync(HttpContext http)
    {
        var body = await ControlHttp.ReadObjectAsync(http);
        if (body is null)
        {
            await ControlHttp.ErrorAsync(http, 400, "Body must be a JSON object.");
            return;
        }

        var options = state.Options;
        var count = ControlHttp.Number(body, "count", options.SeedCount);
        var seed = ControlHttp.Number(body, "seed", options.Seed);
        var projectId = ControlHttp.Number(body, "projectId", options.ProjectId);
        if (count is < 0 or > 5_000_000 || projectId <= 0)
        {
            await ControlHttp.ErrorAsync(http, 400, "count must be 0..5000000 and projectId positive.");
            return;
        }

        var started = Stopwatch.GetTimestamp();
        state.Reset((int)count, (int)seed, projectId);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        await ControlHttp.WriteAsync(http, 200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("count", count);
            writer.WriteNumber("seedMs", Math.Round(elapsed, 1));
            writer.WriteEndObject();
        });
    }

    /// <summary>GET /_test/stats → {"persons", "requests", "throttled", ...}.</summary>
    public Task StatsAsync(HttpContext http)
    {
        return ControlHttp.WriteAsync(http, 200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("persons", state.Projects.Main.Persons.Count);
            writer.WriteNumber("requests", state.Requests.Count);
            writer.WriteNumber("throttled", state.Limiter.Throttled);
            writer.WriteNumber("projectId", state.Projects.Main.Id);
            writer.WriteNumber("pendingPropertyChanges", state.Ingestion.Pending);
            writer.WriteNumber("pendingSplits", state.Splits.Pending);
            writer.WriteEndObject();
        });
    }

    /// <summary>
    /// GET /_test/persons/{uuid or id}[?projectId=] → the person (record shape) or 404.
    /// </summary>
    public Task PersonAsync(HttpContext http, string key)
    {
        var project = ProjectFrom(http);
        if (project is null || !PersonLookup.TryResolve(project.Persons, key, out var person, out _))
        {
            return ControlHttp.ErrorAsync(http, 404, "Person not found.");
        }

        return ControlHttp.WriteAsync(http, 200, writer => PersonJson.WriteRecord(writer, person!));
    }

    /// <summary>GET /_test/activity[?projectId=] → activity entries, oldest first.</summary>
    public Task ActivityAsync(HttpContext http)
    {
        var entries = ProjectFrom(http)?.Activity.Snapshot() ?? [];
        return ControlHttp.WriteAsync(http, 200, writer =>
        {
            writer.WriteStartArray();
            foreach (var entry in entries)
            {
                ActivityEndpoint.Write(writer, entry);
            }

            writer.WriteEndArray();
        });
    }

    /// <summary>
    /// GET /_test/deletions[?projectId=] → {"events": [...], "recordings": [...]}.
    /// </summary>
    public Task DeletionsAsync(HttpContext http)
    {
        var queue = ProjectFrom(http)?.Deletions ?? new DeletionQueue();
        return ControlHttp.WriteAsync(http, 200, writer =>
        {
            writer.WriteStartObject();
            WriteDeletions(writer, "events", queue.EventDeletionsNewestFirst().Reverse());
            WriteDeletions(writer, "recordings", queue.RecordingDeletions());
            writer.WriteEndObject();
        });
    }

    /// <summary>GET /_test/projects → [{"id", "token", "persons"}].</summary>
    public Task ProjectsAsync(HttpContext http)
    {
        return ControlHttp.WriteAsync(http, 200, writer =>
        {
            writer.WriteStartArray();
            foreach (var project in state.Projects.All())
            {
                writer.WriteStartObject();
                writer.WriteNumber("id", project.Id);
                writer.WriteString("token", project.Token);
                writer.WriteNumber("persons", project.Persons.Count);
                writer.WriteBoolean("main", ReferenceEquals(project, state.Projects.Main));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });
    }

    /// <summary>
    /// POST /_test/projects {"id", "count", "seed", "token"} adds another project.
    /// </summary>
    public async Task AddProjectAsync(HttpContext http)
    {
        var body = await ControlHttp.ReadObjectAsync(http);
        if (body is null || body["id"] is null || ControlHttp.Number(body, "id", 0) <= 0)
        {
            await ControlHttp.ErrorAsync(http, 400, "Body needs a positive 'id'.");
            return;
        }

        var project = state.Projects.Add(
            ControlHttp.Number(body, "id", 0),
            (int)ControlHttp.Number(body, "count", 0),
            (int)ControlHttp.Number(body, "seed", state.Options.Seed),
            body["token"]?.GetValue<string>());
        await ControlHttp.WriteAsync(http, 200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("id", project.Id);
            writer.WriteString("token", project.Token);
            writer.WriteNumber("persons", project.Persons.Count);
            writer.WriteEndObject();
        });
    }

    private Project? ProjectFrom(HttpContext http)
    {
        var id = http.Request.Query["projectId"].ToString();
        return id.Length == 0 ? state.Projects.Main : state.Projects.Resolve(id);
    }

    private static void WriteDeletions(
        Utf8JsonWriter writer,
        string name,
        IEnumerable<QueuedDeletion> rows)
    {
        writer.WriteStartArray(name);
        foreach (var row in rows)
        {
            writer.WriteStartObject();
            writer.WriteString("person_uuid", row.PersonUuid);
            writer.WriteString("created_at", Timestamps.Format(row.CreatedAt));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
