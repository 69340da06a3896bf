using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using PostHogServer.Json;

namespace PostHogServer.HogQL;

/// <summary>
/// The SQLite functions behind HogQL's LIKE/ILIKE (ClickHouse patterns: % _ and \ escapes),
/// match() (a .NET regex with a timeout, like the list endpoint's regex filter), toFloat,
/// toInt, toDateTime, now(), lowerUTF8/upperUTF8. Times are kept as fixed-width text
/// (2025-03-01T10:00:00.000000Z) so that text order is time order.
/// </summary>
public static class SqlFunctions
{
    private const int CacheLimit = 256;
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);
    private static readonly ConcurrentDictionary<(string, bool), Func<string, bool>> LikeCache = new();
    private static readonly ConcurrentDictionary<string, Regex?> RegexCache = new(StringComparer.Ordinal);

    /// <summary>Registers the functions on a connection.</summary>
    public static void Register(SqliteConnection connection)
    {
        connection.CreateFunction<string?, string?, long, long?>("hogql_like",
            (text, pattern, ci) => text is null || pattern is null ? null : Like(pattern, ci != 0)(text) ? 1 : 0,
            isDeterministic: true);
        connection.CreateFunction<string?, string?, long?>("hogql_match",
            (text, pattern) => text is null || pattern is null ? null : Match(text, pattern) ? 1 : 0,
            isDeterministic: true);
        connection.CreateFunction<object?, double?>("hogql_tofloat", ToFloat, isDeterministic: true);
        connection.CreateFunction<object?, long?>("hogql_toint", ToInt, isDeterministic: true);
        connection.CreateFunction<object?, string?>("hogql_datetime", ToDateTime, isDeterministic: true);
        connection.CreateFunction<string?, string?>("hogql_datetime_text",
            value => value is null ? null : FormatStored(value), isDeterministic: true);
        connection.CreateFunction("hogql_now", () => Store(Timestamps.Now()));
        connection.CreateFunction<string?, string?>("hogql_lowerutf8", v => v?.ToLowerInvariant(),
            isDeterministic: true);
        connection.CreateFunction<string?, string?>("hogql_upperutf8", v => v?.ToUpperInvariant(),
            isDeterministic: true);
    }

    /// <summary>A UTC time in the stored form.</summary>
    public static string Store(DateTime utc) =>
        utc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A stored time as PostHog writes it, or the text itself when it is not one.</summary>
    public static string FormatStored(string stored) =>
        Timestamps.TryParse(stored, out var utc) ? Timestamps.Format(utc) : stored;

    /// <summary>Whether <paramref name="text"/> matches a LIKE pattern.</summary>
    public static Func<string, bool> Like(string pattern, bool ignoreCase)
    {
        if (LikeCache.TryGetValue((pattern, ignoreCase), out var cached))
        {
            return cached;
        }

        var matcher = BuildLike(pattern, ignoreCase);
        if (LikeCache.Count > CacheLimit)
        {
            LikeCache.Clear();
        }

        LikeCache[(pattern, ignoreCase)] = matcher;
        return matcher;
    }

    private static Func<string, bool> BuildLike(string pattern, bool ignoreCase)
    {
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var inner = pattern.Length >= 2 && pattern[0] == '%' && pattern[^1] == '%' ? pattern[1..^1] : null;
        if (inner is not null && inner.IndexOfAny(['%', '_', '\\']) < 0)
        {
            return text => text.Contains(inner, comparison);
        }

        if (pattern.IndexOfAny(['%', '_', '\\']) < 0)
        {
            return text => string.Equals(text, pattern, comparison);
        }

        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                regex.Append(Regex.Escape(pattern[++i].ToString()));
            }
            else
            {
                regex.Append(c switch
                {
                    '%' => ".*",
                    '_' => ".",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        regex.Append('$');
        var options = RegexOptions.CultureInvariant | RegexOptions.Singleline
            | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        var compiled = new Regex(regex.ToString(), options);
        return compiled.IsMatch;
    }

    private static bool Match(string text, string pattern)
    {
        var regex = RegexCache.GetOrAdd(pattern, p =>
        {
            try
            {
                return new Regex(p, RegexOptions.CultureInvariant, RegexTimeout);
            }
            catch (ArgumentException)
            {
                return null;
            }
        });
        if (regex is null)
        {
            throw new SqliteException($"Invalid regular expression: {pattern}", 1);
        }

        try
        {
            return regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static double? ToFloat(object? value) => value switch
    {
        long whole => whole,
        double number => number,
        string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            => parsed,
        _ => null,
    };

    private static long? ToInt(object? value) => value switch
    {
        long whole => whole,
        double number when !double.IsNaN(number) && Math.Abs(number) < 9.2e18 => (long)Math.Truncate(number),
        string text when long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            => parsed,
        _ => null,
    };

    private static string? ToDateTime(object? value)
    {
        return value is string text && Timestamps.TryParse(text.Replace(' ', 'T'), out var utc)
            ? Store(utc)
            : null;
    }
}
