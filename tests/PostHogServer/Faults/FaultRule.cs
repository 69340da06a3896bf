using System.Text.Json;
using System.Text.Json.Nodes;

namespace PostHogServer.Faults;

/// <summary>
/// One fault rule: which requests it matches, how often it fires, and what it does.
/// Parameters never change after creation; the counters are guarded by the registry's lock.
/// </summary>
public sealed class FaultRule
{
    /// <summary>Rule id, in creation order.</summary>
    public int Id { get; init; }

    /// <summary>HTTP method to match, or null for any.</summary>
    public string? Method { get; init; }

    /// <summary>Substring of the raw path to match, or null.</summary>
    public string? PathContains { get; init; }

    /// <summary>Substring of the raw query string (with '?') to match, or null.</summary>
    public string? QueryContains { get; init; }

    /// <summary>Matching requests let through before the rule fires.</summary>
    public int Skip { get; init; }

    /// <summary>How many times the rule fires; -1 for ever.</summary>
    public int Times { get; init; } = 1;

    /// <summary>The fault kind (see <see cref="FaultKind"/>).</summary>
    public string Kind { get; init; } = "";

    /// <summary>Status code for status and html faults.</summary>
    public int? Status { get; init; }

    /// <summary>Raw body for status faults.</summary>
    public string? Body { get; init; }

    /// <summary>Content type for status faults.</summary>
    public string? ContentType { get; init; }

    /// <summary>Extra headers for status faults.</summary>
    public Dictionary<string, string> Headers { get; init; } = new();

    /// <summary>Wait for delay and stall faults, in milliseconds.</summary>
    public int DelayMs { get; init; }

    /// <summary>How many body bytes truncate and reset send; null for half.</summary>
    public int? Bytes { get; init; }

    /// <summary>Rows dropped by shortPage.</summary>
    public int DropCount { get; init; } = 3;

    /// <summary>Replacement "next" (null value allowed) for the next fault.</summary>
    public string? Next { get; init; }

    /// <summary>Matching requests still to let through.</summary>
    public int SkipRemaining { get; set; }

    /// <summary>Firings left; -1 for ever.</summary>
    public int TimesRemaining { get; set; }

    /// <summary>How many times the rule fired.</summary>
    public int Fired { get; set; }

    /// <summary>Whether a request matches the filters (not the counters).</summary>
    public bool Matches(string method, string path, string query)
    {
        return (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
            && (PathContains is null || path.Contains(PathContains, StringComparison.Ordinal))
            && (QueryContains is null || query.Contains(QueryContains, StringComparison.Ordinal));
    }

    /// <summary>
    /// Parses a rule from its JSON; throws <see cref="ArgumentException"/> on bad input.
    /// </summary>
    public static FaultRule Parse(JsonObject json, int id)
    {
        var kind = Text(json, "kind") ?? throw new ArgumentException("'kind' is required.");
        if (!FaultKind.All.Contains(kind))
        {
            var known = string.Join(", ", FaultKind.All);
            throw new ArgumentException($"Unknown fault kind '{kind}'. Known: {known}.");
        }

        var rule = new FaultRule
        {
            Id = id,
            Kind = kind,
            Method = Text(json, "method"),
            PathContains = Text(json, "pathContains"),
            QueryContains = Text(json, "queryContains"),
            Skip = Number(json, "skip") ?? 0,
            Times = Number(json, "times") ?? 1,
            Status = Number(json, "status"),
            Body = Text(json, "body"),
            ContentType = Text(json, "contentType"),
            Headers = json["headers"] is JsonObject headers
                ? headers.ToDictionary(h => h.Key, h => h.Value?.ToString() ?? "")
                : new Dictionary<string, string>(),
            DelayMs = Number(json, "delayMs") ?? 0,
            Bytes = Number(json, "bytes"),
            DropCount = Number(json, "dropCount") ?? 3,
            Next = Text(json, "next"),
        };
        if (kind == FaultKind.Status && rule.Status is null)
        {
            throw new ArgumentException("A status fault needs 'status'.");
        }

        rule.SkipRemaining = Math.Max(0, rule.Skip);
        rule.TimesRemaining = rule.Times < 0 ? -1 : rule.Times;
        return rule;
    }

    /// <summary>Writes the rule and its counters.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber("id", Id);
        writer.WriteString("kind", Kind);
        writer.WriteString("method", Method);
        writer.WriteString("pathContains", PathContains);
        writer.WriteString("queryContains", QueryContains);
        writer.WriteNumber("skip", Skip);
        writer.WriteNumber("times", Times);
        writer.WriteNumber("skipRemaining", SkipRemaining);
        writer.WriteNumber("remaining", TimesRemaining);
        writer.WriteNumber("fired", Fired);
        if (Status is { } status)
        {
            writer.WriteNumber("status", status);
        }

        writer.WriteNumber("delayMs", DelayMs);
        writer.WriteEndObject();
    }

    private static string? Text(JsonObject json, string name)
    {
        var node = json[name];
        return node is null ? null : node.GetValueKind() == JsonValueKind.String
            ? node.GetValue<string>()
            : node.ToJsonString();
    }

    private static int? Number(JsonObject json, string name) => json[name]?.GetValue<int>();
}
