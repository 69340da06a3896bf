using System.Text;

namespace PostHogServer.Persons;

/// <summary>Python's repr() of a list of strings, which some PostHog messages embed.</summary>
public static class PythonRepr
{
    /// <summary>For example ['a', "it's"].</summary>
    public static string StringList(IEnumerable<string> items)
    {
        return "[" + string.Join(", ", items.Select(Quote)) + "]";
    }

    private static string Quote(string text)
    {
        var quote = text.Contains('\'') && !text.Contains('"') ? '"' : '\'';
        var builder = new StringBuilder().Append(quote);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when c == quote => "\\" + c,
                _ => c.ToString(),
            });
        }

        return builder.Append(quote).ToString();
    }
}
