namespace PostHogServer.Api;

/// <summary>What part of the server a path belongs to.</summary>
public enum RouteKind
{
    /// <summary>No route: 404 "Endpoint not found.".</summary>
    NotFound,

    /// <summary>Capture (/batch/, /i/v0/e/, /capture/).</summary>
    Capture,

    /// <summary>The persons viewset.</summary>
    Persons,

    /// <summary>The query viewset (query/ and query/{id}/).</summary>
    Query,
}

/// <summary>
/// A matched path. For persons: the project segment, whether it is a detail route (with the
/// person key), and the extra action name if any ("split", "bulk_delete", ...). For queries:
/// the query id of query/{id}/.
/// </summary>
public sealed record RouteMatch(
    RouteKind Kind,
    string ProjectSegment = "",
    bool IsDetail = false,
    string? PersonKey = null,
    string? ActionName = null,
    string? QueryId = null);

/// <summary>
/// Maps paths to routes like PostHog's router: persons under /api/projects/:id/ and
/// /api/environments/:id/ (and legacy /api/person/), trailing slash optional.
/// </summary>
public static class ApiRouter
{
    private static readonly RouteMatch NoRoute = new(RouteKind.NotFound);
    private static readonly RouteMatch CaptureRoute = new(RouteKind.Capture);

    /// <summary>Matches a decoded path.</summary>
    public static RouteMatch Match(string path)
    {
        var trimmed = path.Length > 1 && path.EndsWith('/') ? path[..^1] : path;
        if (trimmed is "/batch" or "/i/v0/e" or "/capture" or "/e" or "/track")
        {
            return CaptureRoute;
        }

        var segments = trimmed.Split('/');
        if (segments.Length < 3 || segments[0] != "" || segments[1] != "api")
        {
            return NoRoute;
        }

        if (segments[2] == "person")
        {
            return MatchPersons("@current", segments.AsSpan(3));
        }

        if (segments.Length >= 5 && segments[2] is "projects" or "environments"
            && segments[4] == "persons" && IsLookupValue(segments[3]))
        {
            return MatchPersons(segments[3], segments.AsSpan(5));
        }

        if (segments.Length is 5 or 6 && segments[2] is "projects" or "environments"
            && segments[4] == "query" && IsLookupValue(segments[3]))
        {
            var queryId = segments.Length == 6 && IsLookupValue(segments[5]) ? segments[5] : null;
            return segments.Length == 6 && queryId is null
                ? NoRoute
                : new RouteMatch(RouteKind.Query, segments[3], QueryId: queryId);
        }

        return NoRoute;
    }

    private static RouteMatch MatchPersons(string project, ReadOnlySpan<string> rest)
    {
        if (rest.Length == 0)
        {
            return new RouteMatch(RouteKind.Persons, project);
        }

        if (rest.Length == 1)
        {
            if (PersonActions.IsListAction(rest[0]))
            {
                return new RouteMatch(RouteKind.Persons, project, ActionName: rest[0]);
            }

            return IsLookupValue(rest[0])
                ? new RouteMatch(RouteKind.Persons, project, IsDetail: true, PersonKey: rest[0])
                : NoRoute;
        }

        if (rest.Length == 2 && rest[0] == "funnel" && rest[1] == "correlation")
        {
            return new RouteMatch(RouteKind.Persons, project,
                ActionName: Insights.FunnelCorrelationEndpoint.ActionName);
        }

        if (rest.Length == 2 && IsLookupValue(rest[0]) && PersonActions.IsDetailAction(rest[1]))
        {
            return new RouteMatch(RouteKind.Persons, project, true, rest[0], rest[1]);
        }

        return NoRoute;
    }

    /// <summary>DRF's default lookup pattern [^/.]+.</summary>
    private static bool IsLookupValue(string segment) =>
        segment.Length > 0 && !segment.Contains('.') && !segment.Contains('/');
}
