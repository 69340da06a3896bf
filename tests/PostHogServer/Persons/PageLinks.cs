using System.Text.RegularExpressions;

namespace PostHogServer.Persons;

/// <summary>
/// The next/previous URLs of the persons list, built like PostHog's
/// format_query_params_absolute_url: the absolute request URL with every "offset=&lt;digits&gt;"
/// replaced, or "offset=N" appended. An offset of 0 leaves the URL as it was (a quirk that
/// makes "previous" of the second page equal the current URL).
/// </summary>
public static partial class PageLinks
{
    /// <summary>The URL with its offset set.</summary>
    public static string WithOffset(string absoluteUrl, int offset)
    {
        if (offset == 0)
        {
            return absoluteUrl;
        }

        var pattern = OffsetPattern();
        if (pattern.IsMatch(absoluteUrl))
        {
            return pattern.Replace(absoluteUrl, match => match.Groups[1].Value + offset);
        }

        return absoluteUrl + (absoluteUrl.Contains('?') ? "&" : "?") + "offset=" + offset;
    }

    [GeneratedRegex(@"([&?]offset=)(\d+)")]
    private static partial Regex OffsetPattern();
}
