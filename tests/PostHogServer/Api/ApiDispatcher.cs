using System.Globalization;
using PostHogServer.Auth;
using PostHogServer.Capture;
using PostHogServer.Control;
using PostHogServer.Faults;
using PostHogServer.HogQL;
using PostHogServer.Insights;

namespace PostHogServer.Api;

/// <summary>
/// Runs a request through PostHog's order of checks: route, authentication (401), project
/// (404), scopes (403), rate limit (429), then the handler. Faults are chosen only after those
/// checks pass, so a fault never hides an authentication or permission error.
/// </summary>
public sealed class ApiDispatcher
{
    private readonly ServerState state;

    /// <summary>Creates the dispatcher.</summary>
    public ApiDispatcher(ServerState state)
    {
        this.state = state;
    }

    /// <summary>Produces the response of one request.</summary>
    public Task<Outcome> DispatchAsync(ApiRequest request)
    {
        var route = FunnelCorrelationEndpoint.Gate(ApiRouter.Match(request.Path), state.Config.Current);
        return route.Kind switch
        {
            RouteKind.Capture => RunAsync(request, false, null,
                () => CaptureEndpoint.Handle(state, request)),
            RouteKind.Persons => ViewSetAsync(request, route, PersonActions.Resolve),
            RouteKind.Query => ViewSetAsync(request, route, QueryActions.Resolve),
            _ => RunAsync(request, false, null, () => ApiError.EndpointNotFound().ToResult()),
        };
    }

    private async Task<Outcome> ViewSetAsync(
        ApiRequest request,
        RouteMatch route,
        Func<RouteMatch, string, PersonAction?> resolve)
    {
        var refused = Authenticator.Authenticate(request, state.Keys, out var key);
        if (refused is not null)
        {
            return new Outcome(refused.ToResult(), null);
        }

        var project = state.Projects.Resolve(route.ProjectSegment);
        if (project is null)
        {
            return new Outcome(ApiError.ProjectNotFound().ToResult(), null);
        }

        var action = resolve(route, request.Method);
        refused = Permissions.Check(key!, action, project);
        if (refused is not null)
        {
            return new Outcome(refused.ToResult(), null);
        }

        var config = state.Config.Current;
        if (!state.Limiter.TryAcquire(config.RateLimitPerSecond, out var wait))
        {
            var throttled = ApiError.Throttled(wait).ToResult();
            if (config.RetryAfterHeader)
            {
                throttled.WithHeader("Retry-After", wait.ToString(CultureInfo.InvariantCulture));
            }

            return new Outcome(throttled, null);
        }

        if (action is null)
        {
            return await RunAsync(request, false, null,
                () => ApiError.MethodNotAllowed(request.Method).ToResult());
        }

        var context = new ApiContext(state, request, route, project, key!);
        if (action.Name == QueryActions.CreateName)
        {
            // The slot is held through faults too, so a delayed query keeps its place.
            using var slot = QueryJobs.For(project).TryEnter();
            if (slot is null)
            {
                return new Outcome(new ApiError(429, "throttled_error", "throttled",
                    QueryEndpoints.ConcurrencyMessage).ToResult(), null);
            }

            return await RunAsync(request, false, context, () => action.Handler(context));
        }

        return await RunAsync(request, action.IsList, context, () => action.Handler(context));
    }

    private async Task<Outcome> RunAsync(
        ApiRequest request,
        bool isList,
        ApiContext? context,
        Func<ApiResult> handle)
    {
        var fault = state.Faults.Select(request.Method, request.RawPath, request.RawQuery, isList);
        request.FaultApplied = fault?.Kind;
        switch (fault?.Kind)
        {
            case null:
                return new Outcome(Invoke(handle), null);
            case FaultKind.Status or FaultKind.Html or FaultKind.LoginPage or FaultKind.EchoHeaders:
                return new Outcome(FaultResponses.For(fault, request), fault);
            case FaultKind.Delay:
                await Task.Delay(fault.DelayMs, request.Aborted);
                return new Outcome(Invoke(handle), fault);
            case FaultKind.Stall:
                var result = Invoke(handle);
                await Task.Delay(fault.DelayMs, request.Aborted);
                return new Outcome(result, fault);
            case FaultKind.ShortPage or FaultKind.Next:
                context!.ListFault = fault;
                return new Outcome(Invoke(handle), fault);
            default:
                return new Outcome(Invoke(handle), fault);
        }
    }

    private static ApiResult Invoke(Func<ApiResult> handle)
    {
        try
        {
            return handle();
        }
        catch (Exception exception)
        {
            Console.Error.WriteLine($"PostHogServer: handler failed: {exception}");
            return ApiError.ServerError().ToResult();
        }
    }
}
