using PostHogServer.Api;

namespace PostHogServer.Persons;

/// <summary>POST persons/: PostHog refuses to create persons through the API.</summary>
public static class CreateEndpoint
{
    /// <summary>Always 405 with PostHog's text.</summary>
    public static ApiResult Handle(ApiContext context)
    {
        return ApiError.MethodNotAllowed("POST",
            "Creating persons via this API is not allowed. Please create persons by sending an "
            + "$identify event. See https://posthog.com/docs/product-analytics/identify for details.")
            .ToResult();
    }
}
