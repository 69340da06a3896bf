using PostHogServer.Api;

namespace PostHogServer.HogQL;

/// <summary>
/// The action table of the query viewset: every action is a read action needing
/// <c>query:read</c> (PostHog's scope_object_read_actions = retrieve, create, list, destroy).
/// </summary>
public static class QueryActions
{
    /// <summary>The action name whose runs count against the concurrency limit.</summary>
    public const string CreateName = "query_create";

    private static readonly string[] Read = ["query:read"];
    private static readonly PersonAction Create = new(CreateName, Read, QueryEndpoints.Create);
    private static readonly PersonAction Retrieve = new("query_retrieve", Read, QueryEndpoints.Status);
    private static readonly PersonAction Destroy = new("query_destroy", Read, QueryEndpoints.Cancel);

    /// <summary>The action for a query route and method; null when the method is not allowed.</summary>
    public static PersonAction? Resolve(RouteMatch route, string method)
    {
        if (route.QueryId is null)
        {
            return method == "POST" ? Create : null;
        }

        return method switch
        {
            "GET" or "HEAD" => Retrieve,
            "DELETE" => Destroy,
            _ => null,
        };
    }
}
