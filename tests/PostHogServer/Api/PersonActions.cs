using PostHogServer.Insights;
using PostHogServer.Persons;

namespace PostHogServer.Api;

using MethodAction = (string Method, PersonAction Action);

/// <summary>The action table of the persons viewset (G3): methods, scopes and handlers.</summary>
public static class PersonActions
{
    private static readonly string[] Read = ["person:read"];
    private static readonly string[] Write = ["person:write"];
    private static readonly string[] ActivityRead = ["activity_log:read"];

    private static readonly Dictionary<string, PersonAction> Collection = new()
    {
        ["GET"] = new("list", Read, ListEndpoint.Handle),
        ["POST"] = new("create", Write, CreateEndpoint.Handle),
    };

    private static readonly Dictionary<string, PersonAction> Detail = new()
    {
        ["GET"] = new("retrieve", Read, RetrieveEndpoint.Handle),
        ["PUT"] = new("update", Write, UpdateEndpoints.Update),
        ["PATCH"] = new("partial_update", Write, UpdateEndpoints.Update),
        ["DELETE"] = new("destroy", Write, DeleteEndpoints.Destroy),
    };

    private static readonly Dictionary<string, MethodAction[]> ListActions = new()
    {
        ["bulk_delete"] = [("POST", new("bulk_delete", Write, DeleteEndpoints.BulkDelete))],
        ["deletion_status"] = [("GET", new("deletion_status", Read, DeletionStatusEndpoint.Handle))],
        ["reset_person_distinct_id"] =
            [("POST", new("reset_person_distinct_id", Write, DeleteEndpoints.ResetDistinctId))],
        ["values"] = [("GET", new("values", Read, ValuesEndpoint.Handle))],
        ["batch_by_distinct_ids"] =
            [("POST", new("batch_by_distinct_ids", Read, BatchEndpoints.ByDistinctIds))],
        ["batch_by_uuids"] = [("POST", new("batch_by_uuids", Read, BatchEndpoints.ByUuids))],
        ["cohorts"] = [("GET", new("cohorts", ["person:read", "cohort:read"], CohortsEndpoint.Handle))],
        ["activity"] = [("GET", new("all_activity", ActivityRead, ActivityEndpoint.All))],
        ["properties_at_time"] =
            [("GET", new("properties_at_time", Read, NotImplementedEndpoint.Handle))],
        ["funnel"] =
        [
            ("GET", new("funnel", null, FunnelEndpoint.Handle)),
            ("POST", new("funnel", null, FunnelEndpoint.Handle)),
        ],
        ["trends"] = [("GET", new("trends", null, TrendsEndpoint.Handle))],
        ["lifecycle"] = [("GET", new("lifecycle", null, LifecycleEndpoint.Handle))],
        [FunnelCorrelationEndpoint.ActionName] =
        [
            ("GET", new("funnel_correlation", null, FunnelCorrelationEndpoint.Handle)),
            ("POST", new("funnel_correlation", null, FunnelCorrelationEndpoint.Handle)),
        ],
    };

    private static readonly Dictionary<string, MethodAction[]> DetailActions = new()
    {
        ["split"] = [("POST", new("split", Write, SplitEndpoint.Handle))],
        ["update_property"] = [("POST", new("update_property", Write, UpdateEndpoints.UpdateProperty))],
        ["delete_property"] = [("POST", new("delete_property", Write, UpdateEndpoints.DeleteProperty))],
        ["delete_events"] = [("POST", new("delete_events", Write, DeleteEndpoints.DeleteEvents))],
        ["delete_recordings"] =
            [("POST", new("delete_recordings", Write, DeleteEndpoints.DeleteRecordings))],
        ["activity"] = [("GET", new("activity", ActivityRead, ActivityEndpoint.OnePerson))],
        ["properties_timeline"] =
            [("GET", new("properties_timeline", null, PropertiesTimelineEndpoint.Handle))],
        ["emails"] = [("GET", new("emails", Read, RetrieveEndpoint.EmailsHidden))],
    };

    /// <summary>
    /// True when a name is a list-level extra action (matched before the detail route).
    /// </summary>
    public static bool IsListAction(string name) => ListActions.ContainsKey(name);

    /// <summary>True when a name is a detail-level extra action.</summary>
    public static bool IsDetailAction(string name) => DetailActions.ContainsKey(name);

    /// <summary>
    /// The action for a route and method; null when the method is not allowed there.
    /// </summary>
    public static PersonAction? Resolve(RouteMatch route, string method)
    {
        var verb = method == "HEAD" ? "GET" : method;
        if (route.ActionName is null)
        {
            var table = route.IsDetail ? Detail : Collection;
            return table.GetValueOrDefault(verb);
        }

        var actions = route.IsDetail ? DetailActions : ListActions;
        return actions[route.ActionName].FirstOrDefault(a => a.Method == verb).Action;
    }
}
