using System.Text.Json.Nodes;
using PostHogServer.Api;
using PostHogServer.Capture;
using PostHogServer.Json;
using PostHogServer.Store;

namespace PostHogServer.Persons;

/// <summary>
/// PATCH/PUT persons/{id}/, update_property/ and delete_property/. Like PostHog, they do not
/// write the person directly: they send a $set or $delete_person_property event for the
/// person's first distinct id, applied after the configured ingestion delay.
/// </summary>
public static class UpdateEndpoints
{
    /// <summary>PATCH/PUT: {"properties": {...}} → 202, no body.</summary>
    public static ApiResult Update(ApiContext context)
    {
        var error = context.Request.ReadJson(out var data);
        if (error is not null)
        {
            return error.ToResult();
        }

        if (data!["properties"] is not { } properties)
        {
            return ApiError.RequiredFieldSwapped("properties");
        }

        return SetProperties(context, properties as JsonObject);
    }

    /// <summary>update_property: {"key", "value"} (value may be null) → 202, no body.</summary>
    public static ApiResult UpdateProperty(ApiContext context)
    {
        var error = context.Request.ReadJson(out var data);
        if (error is not null)
        {
            return error.ToResult();
        }

        if (!data!.ContainsKey("value"))
        {
            return ApiError.RequiredFieldSwapped("value");
        }

        if (JsonTruthiness.AsText(data["key"]) is not { } key)
        {
            return ApiError.RequiredFieldSwapped("key");
        }

        return SetProperties(context, new JsonObject { [key] = data["value"]?.DeepClone() });
    }

    /// <summary>
    /// delete_property: {"$unset": "key"} → 201 {"success": true}. An unknown person or a
    /// missing "$unset" is an unhandled error in PostHog, so 500 here too.
    /// </summary>
    public static ApiResult DeleteProperty(ApiContext context)
    {
        var key = context.Route.PersonKey ?? "";
        if (!PersonLookup.TryResolve(context.Persons, key, out var person, out _)
            || person!.DistinctIds.Length == 0)
        {
            return ApiError.ServerError().ToResult();
        }

        var error = context.Request.ReadJson(out var data);
        if (error is not null)
        {
            return error.ToResult();
        }

        if (!data!.ContainsKey("$unset") || JsonTruthiness.AsText(data["$unset"]) is not { } property)
        {
            return ApiError.ServerError().ToResult();
        }

        var change = CaptureEvent.UnsetProperty(person.DistinctIds[0], property, Timestamps.Now());
        Send(context, change);
        var detail = ActivityLog.Detail(person.UuidText, ActivityLog.Change("changed"));
        context.Project.Activity.Add("delete_property", person.Id, detail, context.Key.User);
        return ApiResult.Success(201);
    }

    private static ApiResult SetProperties(ApiContext context, JsonObject? properties)
    {
        var error = PersonLookup.Find(context, out var person);
        if (error is not null)
        {
            return error.ToResult();
        }

        if (person.DistinctIds.Length == 0)
        {
            return ApiError.ServerError().ToResult();
        }

        if (properties is not null)
        {
            var distinctId = person.DistinctIds[0];
            var change = CaptureEvent.SetProperties(distinctId, properties, Timestamps.Now());
            Send(context, change);
        }

        var detail = ActivityLog.Detail(null, ActivityLog.Change("changed", "properties"));
        context.Project.Activity.Add("updated", person.Id, detail, context.Key.User);
        return ApiResult.Empty(202);
    }

    private static void Send(ApiContext context, CaptureEvent change)
    {
        var project = context.Project;
        context.State.Ingestion.Run(context.Config.PropertyChangeDelayMs,
            () => Ingestion.Apply(project, [change]));
    }
}
