using System.Text;
using System.Text.RegularExpressions;

namespace PostHogServer.Query;

/// <summary>
/// ClickHouse ILIKE: case-insensitive, '%' any run of characters, '_' one character, '\'
/// escapes. Plain substrings use a fast ordinal search instead of a regex.
/// </summary>
public sealed class LikePattern
{
    private readonly string? substring;
    private readonly Regex? regex;

    private LikePattern(string? substring, Regex? regex)
    {
        this.substring = substring;
        this.regex = regex;
    }

    /// <summary>The pattern "%text%", as PostHog builds it for search and icontains.</summary>
    public static LikePattern Contains(string text)
    {
        if (text.IndexOfAny(['%', '_', '\\']) < 0)
        {
            return new LikePattern(text, null);
        }

        var builder = new StringBuilder("^.*");
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                builder.Append(Regex.Escape(text[++i].ToString()));
            }
            else
            {
                builder.Append(c switch
                {
                    '%' => ".*",
                    '_' => ".",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        builder.Append(".*$");
        var options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline;
        return new LikePattern(null, new Regex(builder.ToString(), options));
    }

    /// <summary>Whether the text matches; null text never matches.</summary>
    public bool IsMatch(string? text)
    {
        if (text is null)
        {
            return false;
        }

        return substring is not null
            ? text.Contains(substring, StringComparison.OrdinalIgnoreCase)
            : regex!.IsMatch(text);
    }
}
