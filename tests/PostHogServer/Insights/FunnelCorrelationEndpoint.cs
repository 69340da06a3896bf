using System.Text.Json;
using PostHogServer.Api;
using PostHogServer.Control;

namespace PostHogServer.Insights;

/// <summary>
/// GET or POST persons/funnel/correlation/ — PostHog's enterprise edition had it; newer
/// PostHog removed it, so by default the route does not exist (404 "Endpoint not found.").
/// With the config switch legacyFunnelCorrelation it answers as the old EE view: the persons
/// who entered the funnel and performed funnel_correlation_person_entity ({"id","type"}) in
/// the range, and converted (completed every step; funnel_correlation_person_converted
/// "true") or not. Pages with funnel_correlation_person_limit (default 100) and
/// funnel_correlation_person_offset; next is the absolute URL with those replaced.
/// </summary>
public static class FunnelCorrelationEndpoint
{
    /// <summary>The action name the router gives the path persons/funnel/correlation.</summary>
    public const string ActionName = "funnel/correlation";

    private const string LimitName = "funnel_correlation_person_limit";
    private const string OffsetName = "funnel_correlation_person_offset";

    /// <summary>The route to use: no route at all unless the config switch is on.</summary>
    public static RouteMatch Gate(RouteMatch route, ServerConfig config)
    {
        return route.ActionName == ActionName && !config.LegacyFunnelCorrelation
            ? new RouteMatch(RouteKind.NotFound)
            : route;
    }

    /// <summary>Handles funnel/correlation.</summary>
    public static ApiResult Handle(ApiContext context)
    {
        var error = InsightFilter.Read(context, out var filter);
        if (error is not null)
        {
            return error.ToResult();
        }

        try
        {
            var steps = FunnelEndpoint.Steps(filter);
            var entity = CorrelationEntity(filter);
            var converted = string.Equals(filter.Text("funnel_correlation_person_converted"), "true",
                StringComparison.OrdinalIgnoreCase);
            var (from, to) = FunnelEndpoint.Range(filter);
            var filters = filter.PersonFilters();
            var matches = ActorsCache.Get(context, () => context.Persons.Ordered
                .Where(p => InsightFilter.Matches(p, filters, null, null))
                .Where(p =>
                {
                    var reached = FunnelEndpoint.Reached(p, steps, from, to);
                    return reached > 0 && (reached == steps.Count) == converted
                        && SyntheticEvents.Any(p, entity, from, to);
                })
                .ToList());
            var (limit, offset) = filter.Page(LimitName, OffsetName);
            var url = context.Request.AbsoluteUrl;
            var shown = Math.Max(0, Math.Min(limit, matches.Count - offset));
            var next = shown >= limit
                ? ActorsPage.WithParameters(url, offset + limit, limit, OffsetName, LimitName)
                : null;
            var initial = ActorsPage.WithParameters(url, 0, null);
            return ActorsPage.Write(matches, limit, offset, next, initial, cached: true);
        }
        catch (FormatException exception)
        {
            return ApiError.Validation(exception.Message).ToResult();
        }
    }

    private static string CorrelationEntity(InsightFilter filter)
    {
        if (filter.Json("funnel_correlation_person_entity") is not { ValueKind: JsonValueKind.Object } item
            || !item.TryGetProperty("id", out var id))
        {
            throw new FormatException("funnel_correlation_person_entity needs an event or action id.");
        }

        var text = id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText();
        var isAction = item.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
            && type.GetString() == "actions";
        return isAction ? SyntheticEvents.Action(text) : SyntheticEvents.Event(text);
    }
}
