using System.Globalization;
using System.Text.Json;

namespace PostHogServer.Json;

/// <summary>
/// Formats UTC times the way PostHog renders them: ISO 8601 with "Z", microseconds only when
/// they are not zero (for example 2021-08-25T22:09:14.252000Z or 2021-08-25T22:09:14Z).
/// </summary>
public static class Timestamps
{
    /// <summary>Formats a UTC time.</summary>
    public static string Format(DateTime utc)
    {
        var micro = utc.Ticks % TimeSpan.TicksPerSecond / 10;
        var seconds = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        return micro == 0
            ? seconds + "Z"
            : seconds + "." + micro.ToString("D6", CultureInfo.InvariantCulture) + "Z";
    }

    /// <summary>Writes a time as a JSON string, or null.</summary>
    public static void Write(Utf8JsonWriter writer, DateTime? utc)
    {
        if (utc is { } value)
        {
            writer.WriteStringValue(Format(value));
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    /// <summary>Drops precision below one microsecond, as the database does.</summary>
    public static DateTime TruncateToMicroseconds(DateTime utc)
    {
        return new DateTime(utc.Ticks - utc.Ticks % 10, DateTimeKind.Utc);
    }

    /// <summary>The current UTC time at microsecond precision.</summary>
    public static DateTime Now() => TruncateToMicroseconds(DateTime.UtcNow);

    /// <summary>Parses an ISO 8601 time into UTC; false when the text is not a time.</summary>
    public static bool TryParse(string? text, out DateTime utc)
    {
        utc = default;
        if (string.IsNullOrWhiteSpace(text) || !DateTimeOffset.TryParse(text,
                CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }

        utc = TruncateToMicroseconds(parsed.UtcDateTime);
        return true;
    }
}
