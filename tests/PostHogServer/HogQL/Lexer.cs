using System.Globalization;
using System.Text;

namespace PostHogServer.HogQL;

/// <summary>Kinds of HogQL token.</summary>
public enum TokenKind
{
    /// <summary>A bare word: keyword or identifier (letters, digits, _ and $).</summary>
    Word,

    /// <summary>An identifier in backticks or double quotes.</summary>
    QuotedIdentifier,

    /// <summary>A string literal in single quotes.</summary>
    String,

    /// <summary>An integer or decimal number.</summary>
    Number,

    /// <summary>{name}: a placeholder filled from query.values.</summary>
    Placeholder,

    /// <summary>An operator or punctuation.</summary>
    Symbol,

    /// <summary>The end of the query.</summary>
    End,
}

/// <summary>One token with its position (1-based line and column) for error messages.</summary>
public sealed record Token(TokenKind Kind, string Text, int Line, int Column)
{
    /// <summary>True for a bare word equal to <paramref name="keyword"/>, ignoring case.</summary>
    public bool Is(string keyword) =>
        Kind == TokenKind.Word && Text.Equals(keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>True for the symbol <paramref name="symbol"/>.</summary>
    public bool IsSymbol(string symbol) => Kind == TokenKind.Symbol && Text == symbol;
}

/// <summary>
/// Splits HogQL text into tokens: words, `quoted` and "quoted" identifiers, 'strings' (with
/// backslash escapes and doubled quotes), numbers, {placeholders}, operators; skips -- and
/// /* */ comments.
/// </summary>
public static class Lexer
{
    private static readonly string[] Symbols =
        ["==", "!=", "<>", "<=", ">=", "||", "=", "<", ">", "+", "-", "*", "/", "%", "(", ")", ",",
         ".", "[", "]", ";"];

    /// <summary>The tokens of <paramref name="text"/>, ending with an End token.</summary>
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        int at = 0, line = 1, lineStart = 0;
        while (true)
        {
            SkipSpaceAndComments(text, ref at, ref line, ref lineStart);
            var column = at - lineStart + 1;
            if (at >= text.Length)
            {
                tokens.Add(new Token(TokenKind.End, "", line, column));
                return tokens;
            }

            var c = text[at];
            Token token;
            if (char.IsLetter(c) || c is '_' or '$')
            {
                var start = at;
                while (at < text.Length && (char.IsLetterOrDigit(text[at]) || text[at] is '_' or '$'))
                {
                    at++;
                }

                token = new Token(TokenKind.Word, text[start..at], line, column);
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && at + 1 < text.Length
                         && char.IsAsciiDigit(text[at + 1]) && !AfterChainElement(tokens)))
            {
                token = new Token(TokenKind.Number, ReadNumber(text, ref at), line, column);
            }
            else if (c is '\'' or '`' or '"')
            {
                var value = ReadQuoted(text, ref at, c, line, column);
                token = new Token(c == '\'' ? TokenKind.String : TokenKind.QuotedIdentifier,
                    value, line, column);
            }
            else if (c == '{')
            {
                var end = text.IndexOf('}', at);
                if (end < 0)
                {
                    throw Error(line, column, "a placeholder is not closed with '}'");
                }

                var name = text[(at + 1)..end].Trim();
                if (name.Length == 0)
                {
                    throw Error(line, column, "an empty placeholder {}");
                }

                token = new Token(TokenKind.Placeholder, name, line, column);
                at = end + 1;
            }
            else
            {
                var symbol = Symbols.FirstOrDefault(s => string.CompareOrdinal(text, at, s, 0, s.Length) == 0)
                    ?? throw Error(line, column, $"unexpected character '{c}'");
                token = new Token(TokenKind.Symbol, symbol, line, column);
                at += symbol.Length;
            }

            tokens.Add(token);
        }
    }

    /// <summary>The syntax error for a position.</summary>
    public static HogQLException Error(int line, int column, string problem) =>
        new($"Syntax error at line {line}, column {column}: {problem}.");

    private static bool AfterChainElement(List<Token> tokens) =>
        tokens.Count > 0 && tokens[^1].Kind is TokenKind.Word or TokenKind.QuotedIdentifier;

    private static void SkipSpaceAndComments(string text, ref int at, ref int line, ref int lineStart)
    {
        while (at < text.Length)
        {
            var c = text[at];
            if (c == '\n')
            {
                at++;
                line++;
                lineStart = at;
            }
            else if (char.IsWhiteSpace(c))
            {
                at++;
            }
            else if (c == '-' && at + 1 < text.Length && text[at + 1] == '-')
            {
                while (at < text.Length && text[at] != '\n')
                {
                    at++;
                }
            }
            else if (c == '/' && at + 1 < text.Length && text[at + 1] == '*')
            {
                var end = text.IndexOf("*/", at + 2, StringComparison.Ordinal);
                var stop = end < 0 ? text.Length : end + 2;
                for (; at < stop; at++)
                {
                    if (text[at] == '\n')
                    {
                        line++;
                        lineStart = at + 1;
                    }
                }
            }
            else
            {
                return;
            }
        }
    }

    private static string ReadNumber(string text, ref int at)
    {
        var start = at;
        while (at < text.Length && char.IsAsciiDigit(text[at]))
        {
            at++;
        }

        if (at + 1 < text.Length && text[at] == '.' && char.IsAsciiDigit(text[at + 1]))
        {
            at++;
            while (at < text.Length && char.IsAsciiDigit(text[at]))
            {
                at++;
            }
        }

        if (at < text.Length && text[at] is 'e' or 'E')
        {
            var mark = at++;
            if (at < text.Length && text[at] is '+' or '-')
            {
                at++;
            }

            if (at < text.Length && char.IsAsciiDigit(text[at]))
            {
                while (at < text.Length && char.IsAsciiDigit(text[at]))
                {
                    at++;
                }
            }
            else
            {
                at = mark;
            }
        }

        return text[start..at];
    }

    private static string ReadQuoted(string text, ref int at, char quote, int line, int column)
    {
        var value = new StringBuilder();
        at++;
        while (true)
        {
            if (at >= text.Length)
            {
                throw Error(line, column, $"a quoted value is not closed with {quote}");
            }

            var c = text[at++];
            if (c == quote)
            {
                if (at < text.Length && text[at] == quote)
                {
                    value.Append(quote);
                    at++;
                    continue;
                }

                return value.ToString();
            }

            if (c == '\\' && at < text.Length)
            {
                var escaped = text[at++];
                value.Append(escaped switch
                {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    '0' => '\0',
                    'b' => '\b',
                    'f' => '\f',
                    _ => escaped,
                });
                continue;
            }

            value.Append(c);
        }
    }

    /// <summary>Parses a number token as long when whole, else double.</summary>
    public static object NumberValue(string text)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var whole))
        {
            return whole;
        }

        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
