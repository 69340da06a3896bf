using System.Text.Json;
using System.Text.Json.Nodes;
using PostHogServer.Api;
using PostHogServer.Json;
using PostHogServer.Store;

namespace PostHogServer.Persons;

/// <summary>
/// batch_by_distinct_ids/ and batch_by_uuids/: at most 200 keys, minimal persons with up to
/// 10 distinct ids.
/// </summary>
public static class BatchEndpoints
{
    private const int MaxKeys = 200;
    private const int MinimalDistinctIds = 10;

    /// <summary>
    /// POST batch_by_distinct_ids: {"distinct_ids": [...]} → {"results": {id: person}}.
    /// </summary>
    public static ApiResult ByDistinctIds(ApiContext context)
    {
        var error = context.Request.ReadJson(out var data);
        if (error is not null)
        {
            return error.ToResult();
        }

        var found = new List<(string Key, Person Person)>();
        if (data!["distinct_ids"] is JsonArray { Count: > 0 } ids)
        {
            foreach (var node in ids.Take(MaxKeys))
            {
                if (JsonTruthiness.AsText(node) is { } distinctId
                    && context.Persons.FindByDistinctId(distinctId) is { } person)
                {
                    found.Add((distinctId, person));
                }
            }
        }

        return Results(found);
    }

    /// <summary>
    /// POST batch_by_uuids: {"uuids": [...]} → {"results": {uuid: person}}; 400 for a bad UUID.
    /// </summary>
    public static ApiResult ByUuids(ApiContext context)
    {
        var error = context.Request.ReadJson(out var data);
        if (error is not null)
        {
            return error.ToResult();
        }

        var found = new List<(string Key, Person Person)>();
        if (data!["uuids"] is JsonArray { Count: > 0 } uuids)
        {
            foreach (var node in uuids.Take(MaxKeys))
            {
                if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String
                    || !PersonUuids.TryParse(value.GetValue<string>(), out var uuid))
                {
                    return ApiError.Validation("One or more UUIDs are invalid.").ToResult();
                }

                if (context.Persons.FindByUuid(uuid) is { } person)
                {
                    found.Add((person.UuidText, person));
                }
            }
        }

        return Results(found);
    }

    private static ApiResult Results(List<(string Key, Person Person)> found)
    {
        return ApiResult.Json(200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("results");
            foreach (var (key, person) in found)
            {
                writer.WritePropertyName(key);
                PersonJson.WriteRecord(writer, Minimal(person));
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    private static Person Minimal(Person person)
    {
        return person.DistinctIds.Length <= MinimalDistinctIds
            ? person
            : person.WithDistinctIds(person.DistinctIds[..MinimalDistinctIds]);
    }
}
