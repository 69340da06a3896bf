using System.Text.Json;
using System.Text.Json.Nodes;
using PostHogServer.Api;
using PostHogServer.Json;
using PostHogServer.Store;

namespace PostHogServer.Persons;

/// <summary>
/// DELETE persons/{id}/, bulk_delete/, delete_events/, delete_recordings/,
/// reset_person_distinct_id/.
/// </summary>
public static class DeleteEndpoints
{
    private const int MaxIds = 1000;

    /// <summary>
    /// DELETE: flags delete_events, delete_recordings and keep_person are on when present in
    /// the query, whatever their value. 202 with no body; a second delete is a 404.
    /// </summary>
    public static ApiResult Destroy(ApiContext context)
    {
        var error = PersonLookup.Find(context, out var person);
        if (error is not null)
        {
            return error.ToResult();
        }

        var request = context.Request;
        BulkDeleter.Run(context, [person], request.HasQuery("delete_events"),
            request.HasQuery("delete_recordings"), request.HasQuery("keep_person"));
        return ApiResult.Empty(202);
    }

    /// <summary>bulk_delete: JSON body with ids (UUIDs) or distinct_ids, at most 1000.</summary>
    public static ApiResult BulkDelete(ApiContext context)
    {
        var error = context.Request.ReadJson(out var data);
        if (error is not null)
        {
            return error.ToResult();
        }

        var distinctIds = data!["distinct_ids"];
        var ids = data["ids"];
        error = Validate(distinctIds, ids);
        if (error is not null)
        {
            return error.ToResult();
        }

        var persons = Resolve(context.Persons, ids as JsonArray, distinctIds as JsonArray);
        var summary = BulkDeleter.Run(context, persons,
            JsonTruthiness.IsTruthy(data["delete_events"]),
            JsonTruthiness.IsTruthy(data["delete_recordings"]),
            JsonTruthiness.IsTruthy(data["keep_person"]));
        return ApiResult.Json(202, summary.WriteTo);
    }

    /// <summary>delete_events: queue event deletion, keep the person. 202, no body.</summary>
    public static ApiResult DeleteEvents(ApiContext context) => Queue(context, events: true);

    /// <summary>
    /// delete_recordings: queue recording deletion, keep the person. 202, no body.
    /// </summary>
    public static ApiResult DeleteRecordings(ApiContext context) => Queue(context, events: false);

    /// <summary>reset_person_distinct_id: {"distinct_id": "..."} → 202, no body.</summary>
    public static ApiResult ResetDistinctId(ApiContext context)
    {
        var error = context.Request.ReadJson(out var data);
        if (error is not null)
        {
            return error.ToResult();
        }

        var distinctId = data!["distinct_id"];
        if (distinctId is not JsonValue value || !value.TryGetValue<string>(out var text)
            || text.Length == 0)
        {
            return ApiError.Validation("distinct_id is required").ToResult();
        }

        return ApiResult.Empty(202);
    }

    private static ApiResult Queue(ApiContext context, bool events)
    {
        var error = PersonLookup.Find(context, out var person);
        if (error is not null)
        {
            return error.ToResult();
        }

        BulkDeleter.Run(context, [person], events, !events, keepPerson: true);
        return ApiResult.Empty(202);
    }

    private static ApiError? Validate(JsonNode? distinctIds, JsonNode? ids)
    {
        var hasDistinctIds = JsonTruthiness.IsTruthy(distinctIds);
        var hasIds = JsonTruthiness.IsTruthy(ids);
        if (hasDistinctIds && hasIds)
        {
            return ApiError.Validation("You must provide either distinct_ids or ids, not both");
        }

        var lists = new[] { ("distinct_ids", distinctIds, hasDistinctIds), ("ids", ids, hasIds) };
        foreach (var (name, node, present) in lists)
        {
            if (present && node is not JsonArray)
            {
                var message = $"Expected a list of items but got type \"{PythonTypeName(node)}\".";
                return ApiError.Validation(message, name, "not_a_list");
            }

            if (present && ((JsonArray)node!).Count > MaxIds)
            {
                return ApiError.Validation($"You can only pass {MaxIds} {name} in one call");
            }
        }

        return hasDistinctIds || hasIds
            ? null
            : ApiError.Validation("You need to specify either distinct_ids or ids");
    }

    private static string PythonTypeName(JsonNode? node) => node switch
    {
        JsonObject => "dict",
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => "str",
            JsonValueKind.True or JsonValueKind.False => "bool",
            JsonValueKind.Number => value.ToJsonString().Contains('.') ? "float" : "int",
            _ => "NoneType",
        },
        _ => "NoneType",
    };

    private static List<Person> Resolve(PersonStore store, JsonArray? ids, JsonArray? distinctIds)
    {
        var found = new List<Person>();
        var seen = new HashSet<long>();
        foreach (var node in ids ?? [])
        {
            if (PersonUuids.TryParse(JsonTruthiness.AsText(node), out var uuid)
                && store.FindByUuid(uuid) is { } person && seen.Add(person.Id))
            {
                found.Add(person);
            }
        }

        foreach (var node in distinctIds ?? [])
        {
            if (JsonTruthiness.AsText(node) is { } distinctId
                && store.FindByDistinctId(distinctId) is { } person && seen.Add(person.Id))
            {
                found.Add(person);
            }
        }

        return found;
    }
}
