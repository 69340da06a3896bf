using PostHogServer.Api;
using PostHogServer.Store;

namespace PostHogServer.Persons;

/// <summary>GET persons/{id}/: the PersonRecord shape with the integer id.</summary>
public static class RetrieveEndpoint
{
    /// <summary>Handles retrieve.</summary>
    public static ApiResult Handle(ApiContext context)
    {
        var error = PersonLookup.Find(context, out var person);
        return error?.ToResult() ?? ApiResult.Json(200, PersonJson.Record(person));
    }

    /// <summary>GET persons/{id}/emails/: behind a feature flag that is off here, so 404.</summary>
    public static ApiResult EmailsHidden(ApiContext context)
    {
        var error = PersonLookup.Find(context, out _);
        return (error ?? ApiError.NotFound()).ToResult();
    }
}
