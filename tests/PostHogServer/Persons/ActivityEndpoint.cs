using System.Globalization;
using System.Text.Json;
using PostHogServer.Api;
using PostHogServer.Insights;
using PostHogServer.Json;
using PostHogServer.Store;

namespace PostHogServer.Persons;

/// <summary>
/// GET persons/activity/ (every person) and persons/{id}/activity/ (one person): the
/// project's activity log with scope "Person", newest first, as PostHog's
/// activity_page_response pages it: limit (default 10) and a 1-based page, next/previous
/// the absolute URL with "page" (and "limit") replaced or appended, and total_count.
/// </summary>
public static class ActivityEndpoint
{
    /// <summary>GET persons/activity/.</summary>
    public static ApiResult All(ApiContext context) => Page(context, null);

    /// <summary>GET persons/{id}/activity/: 404 for an unknown person.</summary>
    public static ApiResult OnePerson(ApiContext context)
    {
        var error = PersonLookup.Find(context, out var person);
        return error is not null ? error.ToResult() : Page(context, person.Id);
    }

    private static ApiResult Page(ApiContext context, long? personId)
    {
        var error = Positive(context.Request, "limit", 10, out var limit);
        var pageError = Positive(context.Request, "page", 1, out var page);
        if ((error ?? pageError) is { } invalid)
        {
            return invalid.ToResult();
        }

        var entries = context.Project.Activity.Snapshot()
            .Where(e => personId is null || e.ItemId == personId)
            .Reverse()
            .ToList();
        var skip = (long)(page - 1) * limit;
        var rows = entries.Skip((int)Math.Min(skip, int.MaxValue)).Take(limit).ToList();
        var url = context.Request.AbsoluteUrl;
        var next = skip + limit < entries.Count ? ActorsPage.WithParameters(url, page + 1, limit, "page") : null;
        var previous = page > 1 ? ActorsPage.WithParameters(url, page - 1, limit, "page") : null;
        return ApiResult.Json(200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("results");
            foreach (var entry in rows)
            {
                Write(writer, entry);
            }

            writer.WriteEndArray();
            writer.WriteString("next", next);
            writer.WriteString("previous", previous);
            writer.WriteNumber("total_count", entries.Count);
            writer.WriteEndObject();
        });
    }

    /// <summary>Writes one entry as PostHog's ActivityLogSerializer does.</summary>
    public static void Write(Utf8JsonWriter writer, ActivityEntry entry)
    {
        writer.WriteStartObject();
        writer.WriteString("id", entry.Id);
        writer.WriteStartObject("user");
        writer.WriteString("first_name", entry.UserFirstName);
        writer.WriteString("email", entry.UserEmail);
        writer.WriteEndObject();
        writer.WriteString("activity", entry.Activity);
        writer.WriteString("scope", "Person");
        writer.WriteString("item_id", entry.ItemId.ToString(CultureInfo.InvariantCulture));
        writer.WritePropertyName("detail");
        entry.Detail.WriteTo(writer, JsonSettings.Serializer);
        writer.WriteString("created_at", Timestamps.Format(entry.CreatedAt));
        writer.WriteEndObject();
    }

    /// <summary>DRF's IntegerField(min_value=1) on a query parameter.</summary>
    private static ApiError? Positive(ApiRequest request, string name, int fallback, out int value)
    {
        value = fallback;
        var text = request.Query(name);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture,
                out value))
        {
            return ApiError.Validation("A valid integer is required.", name);
        }

        return value < 1
            ? ApiError.Validation("Ensure this value is greater than or equal to 1.", name, "min_value")
            : null;
    }
}
