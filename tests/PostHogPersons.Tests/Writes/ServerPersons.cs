using System.Text.Json;
using PostHogPersons.Tests.Infrastructure;

namespace PostHogPersons.Tests.Writes;

/// <summary>A person as the local server lists it: what the write tests need to know.</summary>
public sealed record ServerPerson(string Uuid, string[] DistinctIds, JsonElement Properties);

/// <summary>Reads persons and server-side records for the write tests.</summary>
public static class ServerPersons
{
    /// <summary>
    /// The newest <paramref name="count"/> persons, newest first. The server logs this read
    /// too, so the request log is cleared afterwards.
    /// </summary>
    public static List<ServerPerson> Newest(this TestServer server, int count)
    {
        JsonElement page = server.Api($"/api/projects/1/persons/?limit={count}");
        server.ClearRequests();
        return page.GetProperty("results").EnumerateArray()
            .Select(p => new ServerPerson(
                p.GetProperty("uuid").GetString(),
                p.GetProperty("distinct_ids").EnumerateArray().Select(d => d.GetString()).ToArray(),
                p.GetProperty("properties").Clone()))
            .ToList();
    }

    /// <summary>How many persons the project holds now.</summary>
    public static int PersonCount(this TestServer server) =>
        server.Get<JsonElement>("/_test/stats").GetProperty("persons").GetInt32();

    /// <summary>The person's stored properties, or null when the person is gone.</summary>
    public static JsonElement? StoredProperties(this TestServer server, string uuid) =>
        server.Person(uuid)?.GetProperty("properties");

    /// <summary>The activity entries of the main project.</summary>
    public static List<JsonElement> Activity(this TestServer server) =>
        server.Get<List<JsonElement>>("/_test/activity");

    /// <summary>The person UUIDs whose event (or recording) deletion was queued.</summary>
    public static List<string> QueuedDeletions(this TestServer server, string kind) =>
        server.Get<JsonElement>("/_test/deletions").GetProperty(kind).EnumerateArray()
            .Select(d => d.GetProperty("person_uuid").GetString()).ToList();

    /// <summary>The requests whose path contains <paramref name="part"/>.</summary>
    public static List<ServerRequest> RequestsTo(this TestServer server, string part) =>
        server.Requests().Where(r => r.Path.Contains(part, StringComparison.Ordinal)).ToList();
}
