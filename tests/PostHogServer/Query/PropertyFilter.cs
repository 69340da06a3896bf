using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using PostHogServer.Json;
using PostHogServer.Store;

namespace PostHogServer.Query;

/// <summary>
/// One person property filter {"key","value","operator","type"}. Values compare as
/// ClickHouse compares JSON properties: as text, numbers as numbers for gt/lt/gte/lte.
/// Negative operators (is_not, not_icontains, not_regex, not_in) match persons without the key.
/// </summary>
public sealed class PropertyFilter
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    private readonly string key;
    private readonly string op;
    private readonly string[] values;
    private readonly LikePattern? like;
    private readonly Regex? regex;

    private PropertyFilter(string key, string op, string[] values)
    {
        this.key = key;
        this.op = op;
        this.values = values;
        if (op is "icontains" or "not_icontains")
        {
            like = LikePattern.Contains(values.FirstOrDefault() ?? "");
        }

        if (op is "regex" or "not_regex")
        {
            var pattern = values.FirstOrDefault() ?? "";
            regex = new Regex(pattern, RegexOptions.CultureInvariant, RegexTimeout);
        }
    }

    /// <summary>Operators this server evaluates.</summary>
    public static readonly string[] Operators =
    [
        "exact", "is_not", "icontains", "not_icontains", "regex", "not_regex", "gt", "lt", "gte",
        "lte", "is_set", "is_not_set", "is_date_exact", "is_date_after", "is_date_before", "in",
        "not_in",
    ];

    /// <summary>
    /// Parses one filter object; throws <see cref="FormatException"/> with a user message.
    /// </summary>
    public static PropertyFilter Parse(JsonElement item)
    {
        var type = item.TryGetProperty("type", out var typeElement) ? typeElement.ToString() : "person";
        if (type != "person")
        {
            throw new FormatException(
                $"Property filters of type '{type}' are not supported by this server.");
        }

        if (!item.TryGetProperty("key", out var keyElement)
            || keyElement.ValueKind != JsonValueKind.String)
        {
            throw new FormatException("Property filter needs a string 'key'.");
        }

        var hasOperator = item.TryGetProperty("operator", out var opElement)
            && opElement.ValueKind == JsonValueKind.String;
        var op = hasOperator ? opElement.GetString()! : "exact";
        if (!Operators.Contains(op))
        {
            throw new FormatException($"'{op}' is not a valid PropertyOperator.");
        }

        var values = item.TryGetProperty("value", out var valueElement) ? TextsOf(valueElement) : [];
        try
        {
            return new PropertyFilter(keyElement.GetString()!, op, values);
        }
        catch (ArgumentException exception)
        {
            throw new FormatException("Invalid regular expression: " + exception.Message);
        }
    }

    /// <summary>An exact-match filter, as the email parameter adds.</summary>
    public static PropertyFilter Exact(string key, string value) => new(key, "exact", [value]);

    /// <summary>Whether the person passes this filter.</summary>
    public bool Matches(Person person)
    {
        var value = PropertyReader.Find(person.Properties, key);
        var text = value.Text;
        return op switch
        {
            "exact" or "in" => text is not null && values.Contains(text),
            "is_not" or "not_in" => text is null || !values.Contains(text),
            "icontains" => like!.IsMatch(text),
            "not_icontains" => !like!.IsMatch(text),
            "regex" => text is not null && SafeRegex(text),
            "not_regex" => text is null || !SafeRegex(text),
            "gt" or "lt" or "gte" or "lte" => CompareNumber(value),
            "is_set" => value.IsSet,
            "is_not_set" => !value.IsSet,
            _ => CompareDate(text),
        };
    }

    private bool SafeRegex(string text)
    {
        try
        {
            return regex!.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private bool CompareNumber(PropertyValue value)
    {
        if (!value.TryGetNumber(out var number) || values.Length == 0 || !double.TryParse(values[0],
                NumberStyles.Float, CultureInfo.InvariantCulture, out var limit))
        {
            return false;
        }

        return op switch
        {
            "gt" => number > limit,
            "lt" => number < limit,
            "gte" => number >= limit,
            _ => number <= limit,
        };
    }

    private bool CompareDate(string? text)
    {
        if (!Timestamps.TryParse(text, out var actual) || values.Length == 0
            || !Timestamps.TryParse(values[0], out var wanted))
        {
            return false;
        }

        return op switch
        {
            "is_date_after" => actual > wanted,
            "is_date_before" => actual < wanted,
            _ => values[0].Length <= 10 ? actual.Date == wanted.Date : actual == wanted,
        };
    }

    private static string[] TextsOf(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            return value.EnumerateArray().Select(TextOf).OfType<string>().ToArray();
        }

        return TextOf(value) is { } single ? [single] : [];
    }

    private static string? TextOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.GetRawText(),
    };
}
