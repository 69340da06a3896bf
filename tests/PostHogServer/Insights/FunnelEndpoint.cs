using PostHogServer.Api;
using PostHogServer.Store;

namespace PostHogServer.Insights;

/// <summary>
/// GET or POST persons/funnel/: the persons who reached a funnel step (funnel_step N &gt; 0)
/// or dropped off before it (funnel_step -N: reached step N-1 but not N) between date_from
/// and date_to. A step counts as reached when the person performed it and every step before
/// it in the range (<see cref="SyntheticEvents"/>; the order inside the range and the
/// conversion window are not modelled). funnel_step_breakdown with a person "breakdown"
/// keeps persons with that property value. Legacy actors envelope, limit/offset paging.
/// </summary>
public static class FunnelEndpoint
{
    /// <summary>Handles funnel.</summary>
    public static ApiResult Handle(ApiContext context)
    {
        var error = InsightFilter.Read(context, out var filter);
        if (error is not null)
        {
            return error.ToResult();
        }

        try
        {
            var steps = Steps(filter);
            var step = filter.Number("funnel_step", 0);
            if (step == 0 || step == -1 || Math.Abs(step) > steps.Count)
            {
                return ApiError.Validation(
                    $"funnel_step must be 1 to {steps.Count}, or -2 to -{steps.Count} for drop-offs.",
                    "funnel_step").ToResult();
            }

            var (from, to) = Range(filter);
            var filters = filter.PersonFilters();
            var breakdown = filter.Text("breakdown");
            var breakdownValue = filter.Text("funnel_step_breakdown");
            var matches = ActorsCache.Get(context, () => context.Persons.Ordered
                .Where(p => InsightFilter.Matches(p, filters, breakdown, breakdownValue)
                    && IsAt(Reached(p, steps, from, to), step))
                .ToList());
            return Page(context, filter, matches);
        }
        catch (FormatException exception)
        {
            return ApiError.Validation(exception.Message).ToResult();
        }
    }

    /// <summary>The funnel's steps: its events and actions by order; at least one.</summary>
    public static List<InsightEntity> Steps(InsightFilter filter)
    {
        var steps = filter.Entities();
        return steps.Count > 0
            ? steps
            : throw new FormatException("A funnel needs at least one event or action.");
    }

    /// <summary>The range of the funnel: date_from and date_to, by days.</summary>
    public static (DateTime From, DateTime To) Range(InsightFilter filter)
    {
        return InsightDates.Range(filter.Text("date_from"), filter.Text("date_to"), Interval.Day);
    }

    /// <summary>How many steps, from the first, the person completed in [from, to).</summary>
    // Limitation: the order of the steps inside the range and funnel_window_days are not
    // checked; a step counts when its event happened anywhere in the range.
    public static int Reached(Person person, List<InsightEntity> steps, DateTime from, DateTime to)
    {
        var reached = 0;
        while (reached < steps.Count && SyntheticEvents.Any(person, steps[reached].Key, from, to))
        {
            reached++;
        }

        return reached;
    }

    /// <summary>A page of persons in the cached legacy envelope, next by offset and limit.</summary>
    public static ApiResult Page(ApiContext context, InsightFilter filter, List<Person> matches)
    {
        var (limit, offset) = filter.Page();
        var shown = Math.Max(0, Math.Min(limit, matches.Count - offset));
        var next = ActorsPage.Next(context.Request, shown, limit, offset);
        var initial = ActorsPage.WithParameters(context.Request.AbsoluteUrl, 0, null);
        return ActorsPage.Write(matches, limit, offset, next, initial, cached: true);
    }

    private static bool IsAt(int reached, int step)
    {
        return step > 0 ? reached >= step : reached == -step - 1;
    }
}
