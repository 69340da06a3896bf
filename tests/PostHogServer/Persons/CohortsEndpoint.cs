using PostHogServer.Api;
using PostHogServer.Store;

namespace PostHogServer.Persons;

/// <summary>
/// GET persons/cohorts/?person_id=: the cohorts (not deleted) that hold a person, in G3's
/// minimal shape {"results":[{"id","name","count"}]}. person_id is an integer id or a UUID;
/// an unknown person is 404; a missing or malformed one a 500, as PostHog's unchecked
/// lookup fails. The key needs person:read and cohort:read (checked before this runs).
/// </summary>
public static class CohortsEndpoint
{
    /// <summary>Handles cohorts.</summary>
    public static ApiResult Handle(ApiContext context)
    {
        var personId = context.Request.Query("person_id");
        if (personId is null)
        {
            return ApiError.ServerError().ToResult();
        }

        if (!PersonLookup.TryResolve(context.Persons, personId, out var person, out var wellFormed))
        {
            return (wellFormed ? ApiError.NotFound() : ApiError.ServerError()).ToResult();
        }

        var cohorts = CohortCatalog.Of(person!).ToList();
        return ApiResult.Json(200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("results");
            foreach (var cohort in cohorts)
            {
                writer.WriteStartObject();
                writer.WriteNumber("id", cohort.Id);
                writer.WriteString("name", cohort.Name);
                writer.WriteNumber("count", CohortCatalog.Count(context.Persons, cohort));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }
}
