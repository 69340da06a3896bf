using System.Globalization;
using System.Text.Json;
using PostHogServer.Api;
using PostHogServer.Json;
using PostHogServer.Store;

namespace PostHogServer.Persons;

/// <summary>
/// GET persons/deletion_status/: queued event deletions, newest first, DRF limit/offset page.
/// A deletion is "completed" once the configured deletionCompleteDelayMs has passed since it
/// was queued (never, with the default -1).
/// </summary>
public static class DeletionStatusEndpoint
{
    private static readonly string[] Statuses = ["pending", "completed", "all"];

    /// <summary>Handles deletion_status.</summary>
    public static ApiResult Handle(ApiContext context)
    {
        var request = context.Request;
        var status = request.Query("status") ?? "all";
        if (!Statuses.Contains(status))
        {
            var message = $"\"{status}\" is not a valid choice.";
            return ApiError.Validation(message, "status", "invalid_choice").ToResult();
        }

        var uuidFilter = request.Query("person_uuid");
        Guid uuid = default;
        if (uuidFilter is not null && !PersonUuids.TryParse(uuidFilter, out uuid))
        {
            return ApiError.Validation("Must be a valid UUID.", "person_uuid").ToResult();
        }

        var now = Timestamps.Now();
        var delay = context.Config.DeletionCompleteDelayMs;
        var rows = context.Project.Deletions.EventDeletionsNewestFirst()
            .Select(d => (Deletion: d, VerifiedAt: DeletionQueue.VerifiedAt(d, delay, now)))
            .Where(row => status == "all" || (status == "completed") == (row.VerifiedAt is not null))
            .Where(row => uuidFilter is null || row.Deletion.PersonUuid == uuid.ToString("D"))
            .ToList();

        var limit = PositiveInt(request.Query("limit"), strict: true) ?? 100;
        var offset = PositiveInt(request.Query("offset"), strict: false) ?? 0;
        var page = rows.Skip(offset).Take(limit).ToList();
        var url = request.AbsoluteUrl;
        return ApiResult.Json(200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("count", rows.Count);
            writer.WriteString("next", DrfLinks.Next(url, limit, offset, rows.Count));
            writer.WriteString("previous", DrfLinks.Previous(url, limit, offset));
            writer.WriteStartArray("results");
            foreach (var (deletion, verifiedAt) in page)
            {
                WriteRow(writer, deletion, verifiedAt);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private static void WriteRow(Utf8JsonWriter writer, QueuedDeletion deletion, DateTime? verifiedAt)
    {
        writer.WriteStartObject();
        writer.WriteString("person_uuid", deletion.PersonUuid);
        writer.WriteString("created_at", Timestamps.Format(deletion.CreatedAt));
        writer.WriteString("status", verifiedAt is null ? "pending" : "completed");
        writer.WritePropertyName("delete_verified_at");
        Timestamps.Write(writer, verifiedAt);
        writer.WriteEndObject();
    }

    private static int? PositiveInt(string? text, bool strict)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        return value < 0 || (strict && value == 0) ? null : value;
    }
}
