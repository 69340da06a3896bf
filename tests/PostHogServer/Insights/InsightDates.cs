using System.Globalization;
using System.Text.RegularExpressions;

namespace PostHogServer.Insights;

/// <summary>The time buckets of an insight.</summary>
public enum Interval
{
    /// <summary>Hours.</summary>
    Hour,

    /// <summary>Days (the default).</summary>
    Day,

    /// <summary>Weeks starting on Sunday (PostHog's default week start).</summary>
    Week,

    /// <summary>Calendar months.</summary>
    Month,
}

/// <summary>
/// Dates of legacy insight filters, all in UTC: ISO 8601 dates and times, and relative
/// dates such as "-7d", "-24h", "-2w", "-3m" and "-1y" counted back from now (whole days,
/// weeks, months and years start at midnight). A date without a time means the whole day.
/// </summary>
public static partial class InsightDates
{
    /// <summary>Reads "interval" (hour, day, week, month; default day).</summary>
    public static Interval ParseInterval(string? text)
    {
        return text switch
        {
            null or "" or "day" => Interval.Day,
            "hour" => Interval.Hour,
            "week" => Interval.Week,
            "month" => Interval.Month,
            _ => throw new FormatException($"\"{text}\" is not a valid interval."),
        };
    }

    /// <summary>The start of a date_from; <paramref name="fallback"/> when absent.</summary>
    public static DateTime From(string? text, DateTime fallback)
    {
        return string.IsNullOrEmpty(text) ? fallback : Parse(text, "date_from", out _);
    }

    /// <summary>
    /// The exclusive end of a date_to: a plain date covers its whole day; absent means now.
    /// </summary>
    public static DateTime To(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return DateTime.UtcNow;
        }

        var at = Parse(text, "date_to", out var wholeDay);
        return wholeDay ? at.AddDays(1) : at;
    }

    /// <summary>
    /// The [from, to) range of date_from and date_to (default: the last 7 days). When both
    /// name the same instant, as a clicked data point does, the range is one interval long.
    /// </summary>
    public static (DateTime From, DateTime To) Range(string? dateFrom, string? dateTo, Interval interval)
    {
        var from = From(dateFrom, DateTime.UtcNow.Date.AddDays(-7));
        if (!string.IsNullOrEmpty(dateTo) && Parse(dateTo, "date_to", out _) == from)
        {
            return (from, Next(from, interval));
        }

        return (from, To(dateTo));
    }

    /// <summary>Parses an ISO or relative date; whole-day forms set <paramref name="wholeDay"/>.</summary>
    public static DateTime Parse(string text, string name, out bool wholeDay)
    {
        wholeDay = false;
        var relative = RelativePattern().Match(text);
        if (relative.Success)
        {
            var count = int.Parse(relative.Groups[1].Value, CultureInfo.InvariantCulture);
            var now = DateTime.UtcNow;
            wholeDay = relative.Groups[2].Value != "h";
            return relative.Groups[2].Value switch
            {
                "h" => now.AddHours(-count),
                "d" => now.Date.AddDays(-count),
                "w" => now.Date.AddDays(-7 * count),
                "m" => now.Date.AddMonths(-count),
                _ => now.Date.AddYears(-count),
            };
        }

        if (DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
        {
            wholeDay = true;
            return date;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed.UtcDateTime;
        }

        throw new FormatException($"'{name}' is not a date: \"{text}\".");
    }

    /// <summary>The start of the bucket holding <paramref name="at"/>.</summary>
    public static DateTime Start(DateTime at, Interval interval)
    {
        return interval switch
        {
            Interval.Hour => new DateTime(at.Year, at.Month, at.Day, at.Hour, 0, 0, DateTimeKind.Utc),
            Interval.Week => at.Date.AddDays(-(int)at.DayOfWeek),
            Interval.Month => new DateTime(at.Year, at.Month, 1, 0, 0, 0, DateTimeKind.Utc),
            _ => at.Date,
        };
    }

    /// <summary>The start of the bucket after the one starting at <paramref name="start"/>.</summary>
    public static DateTime Next(DateTime start, Interval interval)
    {
        return interval switch
        {
            Interval.Hour => start.AddHours(1),
            Interval.Week => start.AddDays(7),
            Interval.Month => start.AddMonths(1),
            _ => start.AddDays(1),
        };
    }

    /// <summary>The start of the bucket before the one starting at <paramref name="start"/>.</summary>
    public static DateTime Previous(DateTime start, Interval interval)
    {
        return interval switch
        {
            Interval.Hour => start.AddHours(-1),
            Interval.Week => start.AddDays(-7),
            Interval.Month => start.AddMonths(-1),
            _ => start.AddDays(-1),
        };
    }

    /// <summary>Python's datetime.isoformat() of a UTC time ("+00:00", microseconds if any).</summary>
    public static string IsoFormat(DateTime utc)
    {
        var micro = utc.Ticks % TimeSpan.TicksPerSecond / 10;
        var text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        return (micro == 0 ? text : text + "." + micro.ToString("D6", CultureInfo.InvariantCulture))
            + "+00:00";
    }

    [GeneratedRegex(@"^-(\d{1,4})([hdwmy])$")]
    private static partial Regex RelativePattern();
}
