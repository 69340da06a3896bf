using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PostHogServer.Json;

/// <summary>
/// Formats UTC times the way PostHog renders them: ISO 8601 with "Z", microseconds only when
/// they are not zero (for example 2021-08-25T22:09:14.252000Z or 2021-08-25T22:09:14Z).
/// </summary>
public static class Timestamps
{
    /// <summary>Longest formatted time, in bytes.</summary>
    public const int MaxLength = 27;

    /// <summary>Formats a UTC time.</summary>
    public static string Format(DateTime utc)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        var length = FormatUtf8(utc, buffer);
        return Encoding.ASCII.GetString(buffer[..length]);
    }

    /// <summary>
    /// Writes the formatted time as ASCII into <paramref name="target"/>; returns the length.
    /// </summary>
    public static int FormatUtf8(DateTime utc, Span<byte> target)
    {
        var at = 0;
        Digits(target, ref at, utc.Year, 4);
        target[at++] = (byte)'-';
        Digits(target, ref at, utc.Month, 2);
        target[at++] = (byte)'-';
        Digits(target, ref at, utc.Day, 2);
        target[at++] = (byte)'T';
        Digits(target, ref at, utc.Hour, 2);
        target[at++] = (byte)':';
        Digits(target, ref at, utc.Minute, 2);
        target[at++] = (byte)':';
        Digits(target, ref at, utc.Second, 2);
        var micro = (int)(utc.Ticks % TimeSpan.TicksPerSecond / 10);
        if (micro != 0)
        {
            target[at++] = (byte)'.';
            Digits(target, ref at, micro, 6);
        }

        target[at++] = (byte)'Z';
        return at;
    }

    /// <summary>Writes a time as a JSON string, or null.</summary>
    public static void Write(Utf8JsonWriter writer, DateTime? utc)
    {
        if (utc is not { } value)
        {
            writer.WriteNullValue();
            return;
        }

        Span<byte> quoted = stackalloc byte[MaxLength + 2];
        quoted[0] = (byte)'"';
        var length = FormatUtf8(value, quoted[1..]);
        quoted[length + 1] = (byte)'"';
        writer.WriteRawValue(quoted[..(length + 2)], skipInputValidation: true);
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

    private static void Digits(Span<byte> target, ref int at, int value, int count)
    {
        for (var i = count - 1; i >= 0; i--)
        {
            target[at + i] = (byte)('0' + value % 10);
            value /= 10;
        }

        at += count;
    }
}
