using System.Text.Json.Nodes;
using PostHogServer.Json;

namespace PostHogServer.Store;

/// <summary>One activity-log entry about a person (scope "Person").</summary>
public sealed record ActivityEntry(
    Guid Id,
    string Activity,
    long ItemId,
    JsonObject Detail,
    string UserEmail,
    string UserFirstName,
    DateTime CreatedAt);

/// <summary>
/// Activity log of one project, newest last; kept for assertions and a later endpoint.
/// </summary>
public sealed class ActivityLog
{
    private readonly object gate = new();
    private readonly List<ActivityEntry> entries = new();

    /// <summary>Records an entry.</summary>
    public void Add(string activity, long itemId, JsonObject detail, ApiUser user)
    {
        var entry = new ActivityEntry(Guid.NewGuid(), activity, itemId, detail, user.Email,
            user.FirstName, Timestamps.Now());
        lock (gate)
        {
            entries.Add(entry);
        }
    }

    /// <summary>A copy of all entries, oldest first.</summary>
    public ActivityEntry[] Snapshot()
    {
        lock (gate)
        {
            return entries.ToArray();
        }
    }

    /// <summary>
    /// Builds PostHog's activity detail: {"id", "changes", "merge", "trigger", "name",
    /// "short_id", "type"}, each change {"type", "action", "field", "before", "after"}.
    /// </summary>
    public static JsonObject Detail(string? name, params JsonObject[] changes)
    {
        var list = new JsonArray();
        foreach (var change in changes)
        {
            list.Add(change);
        }

        return new JsonObject
        {
            ["id"] = null,
            ["changes"] = changes.Length == 0 ? null : list,
            ["merge"] = null,
            ["trigger"] = null,
            ["name"] = name,
            ["short_id"] = null,
            ["type"] = null,
        };
    }

    /// <summary>One change of a detail.</summary>
    public static JsonObject Change(string action, string? field = null, JsonNode? after = null)
    {
        return new JsonObject
        {
            ["type"] = "Person",
            ["action"] = action,
            ["field"] = field,
            ["before"] = null,
            ["after"] = after,
        };
    }
}

/// <summary>The user behind an API key, as activity entries name it.</summary>
public sealed record ApiUser(string FirstName, string Email);
