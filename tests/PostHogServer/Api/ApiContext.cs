using PostHogServer.Auth;
using PostHogServer.Control;
using PostHogServer.Faults;
using PostHogServer.Store;

namespace PostHogServer.Api;

/// <summary>
/// Everything a persons handler needs: the request, the resolved project and key.
/// </summary>
public sealed class ApiContext
{
    /// <summary>Creates a context.</summary>
    public ApiContext(
        ServerState state,
        ApiRequest request,
        RouteMatch route,
        Project project,
        ApiKey key)
    {
        State = state;
        Request = request;
        Route = route;
        Project = project;
        Key = key;
        Config = state.Config.Current;
    }

    /// <summary>Server-wide state.</summary>
    public ServerState State { get; }

    /// <summary>The request.</summary>
    public ApiRequest Request { get; }

    /// <summary>The matched route.</summary>
    public RouteMatch Route { get; }

    /// <summary>The project from the URL.</summary>
    public Project Project { get; }

    /// <summary>The authenticated key.</summary>
    public ApiKey Key { get; }

    /// <summary>Settings at the time the request arrived.</summary>
    public ServerConfig Config { get; }

    /// <summary>A list fault (shortPage or next) to apply to this response, if any.</summary>
    public FaultRule? ListFault { get; set; }

    /// <summary>The persons of the project.</summary>
    public PersonStore Persons => Project.Persons;
}
