using System.Text.Json;
using System.Text.Json.Nodes;
using PostHogServer.Api;
using PostHogServer.Store;

namespace PostHogServer.Persons;

/// <summary>
/// POST persons/{id}/split/: validates the request, queues the split (applied after the
/// configured split delay) and answers 201 {"success": true}.
/// </summary>
public static class SplitEndpoint
{
    private const string ListField = "distinct_ids_to_split";

    /// <summary>Handles split.</summary>
    public static ApiResult Handle(ApiContext context)
    {
        var error = PersonLookup.Find(context, out var person);
        if (error is not null)
        {
            return error.ToResult();
        }

        error = context.Request.ReadJson(out var data);
        if (error is not null)
        {
            return error.ToResult();
        }

        var main = data!["main_distinct_id"];
        var toSplitNode = data[ListField];
        string[]? toSplit = null;
        if (toSplitNode is not null)
        {
            error = Validate(person, main, toSplitNode, out toSplit);
            if (error is not null)
            {
                return error.ToResult();
            }
        }

        var mainId = main is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : main?.ToJsonString();
        var project = context.Project;
        var personId = person.Id;
        context.State.Splits.Run(context.Config.SplitDelayMs,
            () => PersonSplitter.Split(project, personId, mainId, toSplit));

        LogActivity(context, person, toSplit);
        return ApiResult.Success(201);
    }

    private static ApiError? Validate(
        Person person,
        JsonNode? main,
        JsonNode node,
        out string[] toSplit)
    {
        toSplit = [];
        if (node is not JsonArray array || array.Any(item =>
                item is not JsonValue v || v.GetValueKind() != JsonValueKind.String))
        {
            return ApiError.Validation("must be a list of strings", ListField);
        }

        toSplit = array.Select(item => item!.GetValue<string>()).ToArray();
        if (toSplit.Length == 0)
        {
            return ApiError.Validation("must not be empty", ListField);
        }

        if (main is not null)
        {
            return ApiError.Validation(
                "main_distinct_id cannot be combined with distinct_ids_to_split");
        }

        var unknown = toSplit.Except(person.DistinctIds)
            .Order(StringComparer.Ordinal)
            .ToList();
        return unknown.Count == 0
            ? null
            : ApiError.Validation($"not on this person: {PythonRepr.StringList(unknown)}", ListField);
    }

    private static void LogActivity(ApiContext context, Person person, string[]? toSplit)
    {
        var after = new JsonObject { ["distinct_ids"] = ToJson(person.DistinctIds) };
        if (toSplit is not null)
        {
            after[ListField] = ToJson(toSplit);
        }

        var detail = ActivityLog.Detail(person.UuidText, ActivityLog.Change("split", after: after));
        context.Project.Activity.Add("split_person", person.Id, detail, context.Key.User);
    }

    private static JsonArray ToJson(IEnumerable<string> ids) =>
        new(ids.Select(id => (JsonNode)JsonValue.Create(id)).ToArray());
}
