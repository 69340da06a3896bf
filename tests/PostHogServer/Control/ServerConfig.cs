using System.Text.Json;
using System.Text.Json.Nodes;

namespace PostHogServer.Control;

/// <summary>
/// Run-time settings changed through /_test/config. Immutable; replaced as a whole.
/// </summary>
public sealed record ServerConfig
{
    /// <summary>The capture token of the main project by default.</summary>
    public const string DefaultProjectToken = "phc_test_project_token";

    /// <summary>Latency added to every API request (not /_test/), in milliseconds.</summary>
    public int LatencyMs { get; init; }

    /// <summary>
    /// Delay before property changes (PATCH, update/delete_property, capture) apply.
    /// </summary>
    public int PropertyChangeDelayMs { get; init; }

    /// <summary>Delay before a queued split applies.</summary>
    public int SplitDelayMs { get; init; }

    /// <summary>
    /// Queued deletions become "completed" after this many ms; -1 keeps them pending.
    /// </summary>
    public int DeletionCompleteDelayMs { get; init; } = -1;

    /// <summary>Token-bucket rate for API requests per second; 0 turns rate limiting off.</summary>
    public double RateLimitPerSecond { get; init; }

    /// <summary>Whether 429 responses carry a Retry-After header.</summary>
    public bool RetryAfterHeader { get; init; } = true;

    /// <summary>Capture token of the main project.</summary>
    public string ProjectToken { get; init; } = DefaultProjectToken;

    /// <summary>
    /// Person UUIDs whose deletion fails (reported in bulk_delete deletion_errors).
    /// </summary>
    public string[] DeletionErrorUuids { get; init; } = [];

    /// <summary>Whether POST query/ answers 202 and the result must be polled.</summary>
    public bool QueryAsync { get; init; }

    /// <summary>
    /// In async mode, polls of GET query/{id}/ that still answer "not complete"; -1 = never
    /// completes.
    /// </summary>
    public int QueryCompleteAfterPolls { get; init; } = 1;

    /// <summary>
    /// Whether persons/funnel/correlation/ exists, as in older PostHog with the enterprise
    /// edition; newer PostHog removed it (404).
    /// </summary>
    public bool LegacyFunnelCorrelation { get; init; }

    /// <summary>
    /// Applies the fields present in <paramref name="patch"/>; throws on bad input.
    /// </summary>
    public ServerConfig With(JsonObject patch)
    {
        var next = this;
        foreach (var (name, value) in patch)
        {
            next = name switch
            {
                "latencyMs" => next with { LatencyMs = NonNegative(name, value) },
                "propertyChangeDelayMs" => next with
                {
                    PropertyChangeDelayMs = NonNegative(name, value),
                },
                "splitDelayMs" => next with { SplitDelayMs = NonNegative(name, value) },
                "deletionCompleteDelayMs" => next with
                {
                    DeletionCompleteDelayMs = Math.Max(-1, value!.GetValue<int>()),
                },
                "rateLimitPerSecond" => next with
                {
                    RateLimitPerSecond = Math.Max(0, value!.GetValue<double>()),
                },
                "retryAfterHeader" => next with { RetryAfterHeader = value!.GetValue<bool>() },
                "projectToken" => next with { ProjectToken = value!.GetValue<string>() },
                "deletionErrorUuids" => next with
                {
                    DeletionErrorUuids = value!.AsArray().Select(v => v!.GetValue<string>()).ToArray(),
                },
                "queryAsync" => next with { QueryAsync = value!.GetValue<bool>() },
                "queryCompleteAfterPolls" => next with
                {
                    QueryCompleteAfterPolls = Math.Max(-1, value!.GetValue<int>()),
                },
                "legacyFunnelCorrelation" => next with
                {
                    LegacyFunnelCorrelation = value!.GetValue<bool>(),
                },
                _ => throw new ArgumentException($"Unknown config field '{name}'."),
            };
        }

        return next;
    }

    /// <summary>Writes the settings as a JSON object.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber("latencyMs", LatencyMs);
        writer.WriteNumber("propertyChangeDelayMs", PropertyChangeDelayMs);
        writer.WriteNumber("splitDelayMs", SplitDelayMs);
        writer.WriteNumber("deletionCompleteDelayMs", DeletionCompleteDelayMs);
        writer.WriteNumber("rateLimitPerSecond", RateLimitPerSecond);
        writer.WriteBoolean("retryAfterHeader", RetryAfterHeader);
        writer.WriteString("projectToken", ProjectToken);
        writer.WriteStartArray("deletionErrorUuids");
        foreach (var uuid in DeletionErrorUuids)
        {
            writer.WriteStringValue(uuid);
        }

        writer.WriteEndArray();
        writer.WriteBoolean("queryAsync", QueryAsync);
        writer.WriteNumber("queryCompleteAfterPolls", QueryCompleteAfterPolls);
        writer.WriteBoolean("legacyFunnelCorrelation", LegacyFunnelCorrelation);
        writer.WriteEndObject();
    }

    private static int NonNegative(string name, JsonNode? value)
    {
        var number = value?.GetValue<int>() ?? throw new ArgumentException($"'{name}' needs a number.");
        return number >= 0 ? number : throw new ArgumentException($"'{name}' must not be negative.");
    }
}
