using System.Text.Json;
using System.Text.Json.Nodes;
using PostHogServer.Api;
using PostHogServer.Insights;
using PostHogServer.Json;
using PostHogServer.Store;

namespace PostHogServer.Persons;

/// <summary>
/// GET persons/{id}/properties_timeline/: how a person's properties looked at its events
/// in a range, as points where a "crucial" property changed (the person property filters
/// of "properties" and of each event or action, and a person "breakdown"). The events come
/// from <see cref="SyntheticEvents"/> for the filter's events and actions (any event when
/// none are given). The story is deterministic: the crucial properties the person has now
/// were set at one moment between its creation and 90 days later, so events before that
/// moment show them missing. Without crucial keys every event is one point.
/// </summary>
public static class PropertiesTimelineEndpoint
{
    /// <summary>Handles properties_timeline.</summary>
    public static ApiResult Handle(ApiContext context)
    {
        var error = PersonLookup.Find(context, out var person);
        if (error is not null)
        {
            return error.ToResult();
        }

        error = InsightFilter.Read(context, out var filter);
        if (error is not null)
        {
            return error.ToResult();
        }

        try
        {
            var interval = InsightDates.ParseInterval(filter.Text("interval"));
            var (from, to) = InsightDates.Range(filter.Text("date_from"), filter.Text("date_to"), interval);
            var crucial = CrucialKeys(filter);
            var entities = filter.Entities().Select(e => e.Key).Distinct().ToList();
            if (entities.Count == 0)
            {
                entities.Add(SyntheticEvents.AnyEvent);
            }

            var events = entities.SelectMany(e => SyntheticEvents.Between(person, e, from, to))
                .Order()
                .ToList();
            var points = Points(person, crucial, events);
            return ApiResult.Json(200, writer =>
            {
                writer.WriteStartObject();
                writer.WriteStartArray("points");
                foreach (var point in points)
                {
                    writer.WriteStartObject();
                    writer.WriteString("timestamp", Timestamps.Format(point.At));
                    writer.WritePropertyName("properties");
                    point.Properties.WriteTo(writer);
                    writer.WriteNumber("relevant_event_count", point.Events);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteStartArray("crucial_property_keys");
                crucial.ForEach(writer.WriteStringValue);
                writer.WriteEndArray();
                writer.WriteString("effective_date_from", InsightDates.IsoFormat(from));
                writer.WriteString("effective_date_to", InsightDates.IsoFormat(to.AddTicks(-10)));
                writer.WriteEndObject();
            });
        }
        catch (FormatException exception)
        {
            return ApiError.Validation(exception.Message).ToResult();
        }
    }

    /// <summary>When the person's crucial properties were set (deterministic).</summary>
    public static DateTime ChangeTime(Person person)
    {
        var hash = SyntheticEvents.Hash(person, "properties_timeline", 0);
        return person.CreatedAt.AddSeconds((long)(hash % (90UL * 86_400)));
    }

    private static List<string> CrucialKeys(InsightFilter filter)
    {
        var keys = new SortedSet<string>(filter.PersonFilterKeys(), StringComparer.Ordinal);
        if (filter.Text("breakdown_type") == "person" && filter.Text("breakdown") is { Length: > 0 } breakdown)
        {
            if (breakdown.StartsWith('[') && filter.Json("breakdown") is { ValueKind: JsonValueKind.Array } list)
            {
                keys.UnionWith(list.EnumerateArray()
                    .Where(k => k.ValueKind == JsonValueKind.String)
                    .Select(k => k.GetString()!));
            }
            else
            {
                keys.Add(breakdown);
            }
        }

        return keys.ToList();
    }

    private static List<Point> Points(Person person, List<string> crucial, List<DateTime> events)
    {
        var now = JsonNode.Parse(person.Properties) as JsonObject ?? new JsonObject();
        var earlier = (JsonObject)now.DeepClone();
        var changes = false;
        foreach (var key in crucial)
        {
            changes |= earlier.Remove(key);
        }

        var changeAt = ChangeTime(person);
        var points = new List<Point>();
        bool? wasBefore = null;
        foreach (var at in events)
        {
            var before = changes && at < changeAt;
            if (wasBefore != before)
            {
                points.Add(new Point(at, before ? earlier : now));
                wasBefore = before;
            }

            points[^1].Events++;
        }

        return points;
    }

    private sealed class Point(DateTime at, JsonObject properties)
    {
        public DateTime At { get; } = at;

        public JsonObject Properties { get; } = properties;

        public int Events { get; set; }
    }
}
