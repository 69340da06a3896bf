using PostHogServer.Auth;
using PostHogServer.Faults;
using PostHogServer.Hosting;
using PostHogServer.Store;

namespace PostHogServer.Control;

/// <summary>All mutable state of the server, shared by the API and the control endpoints.</summary>
public sealed class ServerState
{
    /// <summary>Seeds the main project from the command-line options.</summary>
    public ServerState(ServerOptions options)
    {
        Options = options;
        Config = new ConfigHolder(Defaults());
        Projects.Reset(options.SeedCount, options.Seed, options.ProjectId, Config.Current.ProjectToken);
    }

    /// <summary>Command-line options.</summary>
    public ServerOptions Options { get; }

    /// <summary>Projects and their persons.</summary>
    public ProjectRegistry Projects { get; } = new();

    /// <summary>Personal API keys.</summary>
    public KeyRegistry Keys { get; } = new();

    /// <summary>Run-time settings.</summary>
    public ConfigHolder Config { get; }

    /// <summary>Fault rules.</summary>
    public FaultRegistry Faults { get; } = new();

    /// <summary>Log of API requests.</summary>
    public RequestLog Requests { get; } = new();

    /// <summary>Rate limiter of personal-key requests.</summary>
    public RateLimiter Limiter { get; } = new();

    /// <summary>Delayed property changes (the ingestion delay).</summary>
    public DelayedWork Ingestion { get; } = new();

    /// <summary>Delayed splits.</summary>
    public DelayedWork Splits { get; } = new();

    /// <summary>Reseeds and puts everything else back to its defaults.</summary>
    public void Reset(int count, int seed, long projectId)
    {
        Ingestion.Reset();
        Splits.Reset();
        Config.Update(_ => Defaults());
        Projects.Reset(count, seed, projectId, Config.Current.ProjectToken);
        Keys.Reset();
        Faults.Clear();
        Requests.Clear();
        Limiter.Reset();
    }

    /// <summary>Applies a partial config change; the project token follows the config.</summary>
    public ServerConfig UpdateConfig(System.Text.Json.Nodes.JsonObject patch)
    {
        var next = Config.Update(current => current.With(patch));
        Projects.Main.Token = next.ProjectToken;
        return next;
    }

    private ServerConfig Defaults() => new() { LatencyMs = Options.LatencyMs };
}
