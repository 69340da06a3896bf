using System.Text;

namespace PostHogServer.Persons;

/// <summary>
/// next/previous links of DRF's LimitOffsetPagination: the absolute URL with limit and offset
/// replaced (query re-encoded, keys sorted, like Python's urlencode), offset removed at 0.
/// </summary>
public static class DrfLinks
{
    /// <summary>Link to the next page, or null at the end.</summary>
    public static string? Next(string absoluteUrl, int limit, int offset, int count)
    {
        if (offset + limit >= count)
        {
            return null;
        }

        return Replace(absoluteUrl, ("limit", limit), ("offset", offset + limit));
    }

    /// <summary>Link to the previous page, or null on the first.</summary>
    public static string? Previous(string absoluteUrl, int limit, int offset)
    {
        if (offset <= 0)
        {
            return null;
        }

        return offset - limit <= 0
            ? Replace(absoluteUrl, ("limit", limit), ("offset", null))
            : Replace(absoluteUrl, ("limit", limit), ("offset", offset - limit));
    }

    private static string Replace(string url, params (string Key, int? Value)[] changes)
    {
        var queryStart = url.IndexOf('?');
        var baseUrl = queryStart < 0 ? url : url[..queryStart];
        var query = queryStart < 0 ? "" : url[(queryStart + 1)..];
        var pairs = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            var key = Decode(equals < 0 ? part : part[..equals]);
            var value = equals < 0 ? "" : Decode(part[(equals + 1)..]);
            if (!pairs.TryGetValue(key, out var values))
            {
                pairs[key] = values = new List<string>();
            }

            values.Add(value);
        }

        foreach (var (key, value) in changes)
        {
            if (value is null)
            {
                pairs.Remove(key);
            }
            else
            {
                pairs[key] = [value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)];
            }
        }

        var encoded = pairs.SelectMany(
            pair => pair.Value.Select(v => Encode(pair.Key) + "=" + Encode(v)));
        var text = string.Join("&", encoded);
        return text.Length == 0 ? baseUrl : baseUrl + "?" + text;
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    /// <summary>Python's quote_plus: letters, digits and "_.-~" stay, space becomes '+'.</summary>
    private static string Encode(string text)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '~')
            {
                builder.Append(c);
            }
            else if (c == ' ')
            {
                builder.Append('+');
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2"));
            }
        }

        return builder.ToString();
    }
}
