using PostHogServer.Api;
using PostHogServer.Store;

namespace PostHogServer.Insights;

/// <summary>
/// GET persons/lifecycle/: the persons behind one bar of a lifecycle insight. For the bucket
/// (hour, day, week or month) holding target_date and the one before it, a person active in
/// the bucket is "new" when created in it, "returning" when also active before, else
/// "resurrecting"; a person active before but not in it is "dormant". Activity comes from
/// <see cref="SyntheticEvents"/>. Newest persons first; limit (default 100) and offset,
/// with PostHog's legacy next link.
/// </summary>
public static class LifecycleEndpoint
{
    private static readonly string[] Types = ["new", "returning", "resurrecting", "dormant"];

    /// <summary>Handles lifecycle.</summary>
    public static ApiResult Handle(ApiContext context)
    {
        var request = context.Request;
        if (request.Query("target_date") is null)
        {
            return MissingParameter("Must include specified date");
        }

        var lifecycleType = request.Query("lifecycle_type");
        if (lifecycleType is null)
        {
            return MissingParameter("Must include lifecycle type");
        }

        var error = InsightFilter.Read(context, out var read);
        if (error is not null)
        {
            return error.ToResult();
        }

        try
        {
            var interval = InsightDates.ParseInterval(read.Text("interval"));
            var target = InsightDates.Parse(read.Text("target_date")!, "target_date", out _);
            if (!Types.Contains(lifecycleType))
            {
                return ApiError.Validation($"\"{lifecycleType}\" is not a valid lifecycle type.",
                    "lifecycle_type", "invalid_choice").ToResult();
            }

            var entity = read.Entities().FirstOrDefault()?.Key ?? SyntheticEvents.AnyEvent;
            var filters = read.PersonFilters();
            var (limit, offset) = read.Page();
            var start = InsightDates.Start(target, interval);
            var end = InsightDates.Next(start, interval);
            var before = InsightDates.Previous(start, interval);
            var matches = ActorsCache.Get(context, () => context.Persons.Ordered
                .Where(p => InsightFilter.Matches(p, filters, null, null)
                    && Classify(p, entity, before, start, end) == lifecycleType)
                .ToList());
            var shown = Math.Max(0, Math.Min(limit, matches.Count - offset));
            var next = ActorsPage.Next(request, shown, limit, offset);
            return ActorsPage.Write(matches, limit, offset, next, null, cached: false);
        }
        catch (FormatException exception)
        {
            return ApiError.Validation(exception.Message).ToResult();
        }
    }

    /// <summary>The lifecycle of a person in [start, end), or null when it has none.</summary>
    public static string? Classify(Person person, string entity, DateTime before, DateTime start, DateTime end)
    {
        if (person.CreatedAt >= end)
        {
            return null;
        }

        var now = SyntheticEvents.Any(person, entity, start, end);
        var earlier = SyntheticEvents.Any(person, entity, before, start);
        if (!now)
        {
            return earlier ? "dormant" : null;
        }

        if (person.CreatedAt >= start)
        {
            return "new";
        }

        return earlier ? "returning" : "resurrecting";
    }

    private static ApiResult MissingParameter(string detail)
    {
        return ApiResult.Json(400, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("message", "Missing parameter");
            writer.WriteString("detail", detail);
            writer.WriteEndObject();
        });
    }
}
