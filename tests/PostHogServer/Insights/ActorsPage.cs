using System.Globalization;
using System.Text.RegularExpressions;
using PostHogServer.Api;
using PostHogServer.Json;
using PostHogServer.Store;

namespace PostHogServer.Insights;

/// <summary>
/// The legacy actors envelope of the persons insight helpers:
/// {"results":[{"people":[…],"count":n}],"next",…}. People are in the list shape.
/// </summary>
public static class ActorsPage
{
    /// <summary>
    /// One page of <paramref name="matches"/>. <paramref name="cached"/> adds the fields of
    /// PostHog's cached responses (initial, missing_persons, is_cached, last_refresh), which
    /// funnel, trends and funnel/correlation send and lifecycle does not.
    /// </summary>
    public static ApiResult Write(
        IReadOnlyList<Person> matches,
        int limit,
        int offset,
        string? next,
        string? initial,
        bool cached)
    {
        var page = matches.Skip(offset).Take(limit).ToList();
        return ApiResult.Json(200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("results");
            writer.WriteStartObject();
            writer.WriteStartArray("people");
            foreach (var person in page)
            {
                writer.WriteRawValue(person.ListJson, skipInputValidation: true);
            }

            writer.WriteEndArray();
            writer.WriteNumber("count", page.Count);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteString("next", next);
            if (cached)
            {
                writer.WriteString("initial", initial);
                writer.WriteNumber("missing_persons", 0);
                writer.WriteBoolean("is_cached", false);
                writer.WriteString("last_refresh", Timestamps.Format(Timestamps.Now()));
            }

            writer.WriteEndObject();
        });
    }

    /// <summary>
    /// PostHog's format_paginated_url, used when a page came back full: when the request
    /// path already has "offset", its text "offset=&lt;offset&gt;" is replaced and the link
    /// is the path without its leading slash (a relative "api/projects/…" link); otherwise
    /// "offset=&lt;offset + limit&gt;" is appended to the absolute URL.
    /// </summary>
    public static string? Next(ApiRequest request, int shown, int limit, int offset)
    {
        if (shown < limit)
        {
            return null;
        }

        var next = (offset + limit).ToString(CultureInfo.InvariantCulture);
        var target = request.RawTarget;
        if (target.Contains("offset", StringComparison.Ordinal))
        {
            return target[1..].Replace("offset=" + offset.ToString(CultureInfo.InvariantCulture),
                "offset=" + next, StringComparison.Ordinal);
        }

        return request.AbsoluteUrl + (target.Contains('?') ? "&" : "?") + "offset=" + next;
    }

    /// <summary>
    /// PostHog's format_query_params_absolute_url: the absolute URL with the offset parameter
    /// replaced or appended (only when not 0) and the limit parameter replaced or appended.
    /// </summary>
    public static string WithParameters(
        string absoluteUrl,
        int offset,
        int? limit,
        string offsetName = "offset",
        string limitName = "limit")
    {
        var url = absoluteUrl;
        if (offset != 0)
        {
            url = Set(url, offsetName, offset);
        }

        return limit is { } value and not 0 ? Set(url, limitName, value) : url;
    }

    private static string Set(string url, string name, int value)
    {
        var pattern = new Regex("([&?]" + Regex.Escape(name) + @"=)(\d+)");
        var text = value.ToString(CultureInfo.InvariantCulture);
        return pattern.IsMatch(url)
            ? pattern.Replace(url, match => match.Groups[1].Value + text)
            : url + (url.Contains('?') ? "&" : "?") + name + "=" + text;
    }
}
