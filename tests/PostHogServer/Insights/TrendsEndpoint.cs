using PostHogServer.Api;

namespace PostHogServer.Insights;

/// <summary>
/// GET persons/trends/: the persons behind one data point of a trends insight — those who
/// performed the entity (entity_id, entity_type "events" or "actions") between date_from and
/// date_to (equal dates mean one interval from there). breakdown_value with a "breakdown"
/// property keeps persons with that value. Legacy actors envelope, limit/offset paging.
/// </summary>
public static class TrendsEndpoint
{
    /// <summary>Handles trends.</summary>
    public static ApiResult Handle(ApiContext context)
    {
        var error = InsightFilter.Read(context, out var filter);
        if (error is not null)
        {
            return error.ToResult();
        }

        try
        {
            var entityId = filter.Text("entity_id");
            if (string.IsNullOrEmpty(entityId))
            {
                return ApiError.Validation(
                    "An entity must be provided for target entity to be determined").ToResult();
            }

            var entity = filter.Text("entity_type") == "actions"
                ? SyntheticEvents.Action(entityId)
                : SyntheticEvents.Event(entityId);
            var interval = InsightDates.ParseInterval(filter.Text("interval"));
            var (from, to) = InsightDates.Range(filter.Text("date_from"), filter.Text("date_to"), interval);
            var filters = filter.PersonFilters();
            var breakdown = filter.Text("breakdown");
            var breakdownValue = filter.Text("breakdown_value");
            var matches = ActorsCache.Get(context, () => context.Persons.Ordered
                .Where(p => InsightFilter.Matches(p, filters, breakdown, breakdownValue)
                    && SyntheticEvents.Any(p, entity, from, to))
                .ToList());
            return FunnelEndpoint.Page(context, filter, matches);
        }
        catch (FormatException exception)
        {
            return ApiError.Validation(exception.Message).ToResult();
        }
    }
}
