using PostHogServer.Api;

namespace PostHogServer.Persons;

/// <summary>
/// Routes PostHog has that this server does not model (insight helpers, timelines, activity).
/// </summary>
public static class NotImplementedEndpoint
{
    /// <summary>501 in PostHog's error shape.</summary>
    public static ApiResult Handle(ApiContext context)
    {
        return new ApiError(501, "server_error", "not_implemented",
            "This endpoint is not implemented by the local PostHog test server.").ToResult();
    }
}
