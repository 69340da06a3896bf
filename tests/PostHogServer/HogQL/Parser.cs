using System.Text.Json.Nodes;

namespace PostHogServer.HogQL;

/// <summary>
/// Parses the supported HogQL subset: one SELECT with DISTINCT, FROM a table (with an
/// alias), INNER/LEFT JOINs ... ON, WHERE, GROUP BY, HAVING, ORDER BY, LIMIT/OFFSET.
/// Placeholders are replaced by constants from query.values while parsing, as PostHog's
/// parser does, so their values never become SQL text.
/// </summary>
/// <remarks>
/// This file holds the entry points and the token helpers; the clauses are parsed in
/// Parser.Clauses.cs and the expressions in Parser.Expressions.cs.
/// </remarks>
public sealed partial class Parser
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "SELECT", "FROM", "WHERE", "GROUP", "BY", "HAVING", "ORDER", "LIMIT", "OFFSET", "JOIN",
        "INNER", "LEFT", "RIGHT", "FULL", "OUTER", "CROSS", "ON", "AS", "AND", "OR", "NOT", "IS",
        "NULL", "LIKE", "ILIKE", "IN", "BETWEEN", "UNION", "ALL", "DISTINCT", "ASC", "DESC",
        "ASCENDING", "DESCENDING", "NULLS", "TRUE", "FALSE", "WITH", "SETTINGS", "ARRAY",
    };

    private readonly List<Token> tokens;
    private readonly IReadOnlyDictionary<string, object?> values;
    private int at;

    private Parser(string text, IReadOnlyDictionary<string, object?> values)
    {
        tokens = Lexer.Tokenize(text);
        this.values = values;
    }

    /// <summary>Parses one SELECT; throws <see cref="HogQLException"/> on any problem.</summary>
    public static SelectQuery ParseSelect(string text, IReadOnlyDictionary<string, object?> values)
    {
        var parser = new Parser(text, values);
        var query = parser.Select();
        if (parser.Current.IsSymbol(";"))
        {
            parser.at++;
        }

        if (parser.Current.Is("UNION"))
        {
            throw new HogQLException("UNION is not supported by the local PostHog server.");
        }

        if (parser.Current.Kind != TokenKind.End)
        {
            throw parser.Unexpected("the end of the query");
        }

        return query;
    }

    /// <summary>
    /// Converts query.values JSON into constants: text, long, double, bool, null, lists.
    /// </summary>
    public static object? ValueOf(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonArray array:
                return array.Select(ValueOf).ToList();
            case JsonObject:
                throw new HogQLException(
                    "Placeholder values must be strings, numbers, booleans, null or lists.");
        }

        var element = node.AsValue().GetValue<System.Text.Json.JsonElement>();
        return element.ValueKind switch
        {
            System.Text.Json.JsonValueKind.String => element.GetString(),
            System.Text.Json.JsonValueKind.True => true,
            System.Text.Json.JsonValueKind.False => false,
            System.Text.Json.JsonValueKind.Number => element.TryGetInt64(out var whole)
                ? (object)whole
                : element.GetDouble(),
            _ => null,
        };
    }

    private Token Current => tokens[at];

    private Token Peek(int ahead) => tokens[Math.Min(at + ahead, tokens.Count - 1)];

    private string Identifier(string what)
    {
        var token = Current;
        if (token.Kind == TokenKind.QuotedIdentifier
            || (token.Kind == TokenKind.Word && !Reserved.Contains(token.Text)))
        {
            at++;
            return token.Text;
        }

        throw Unexpected(what);
    }

    private Token Take() => tokens[at++];

    private bool Accept(string keyword)
    {
        if (Current.Is(keyword))
        {
            at++;
            return true;
        }

        return false;
    }

    private bool AcceptSymbol(string symbol)
    {
        if (Current.IsSymbol(symbol))
        {
            at++;
            return true;
        }

        return false;
    }

    private void Expect(string keyword)
    {
        if (!Accept(keyword))
        {
            throw Unexpected(keyword);
        }
    }

    private void ExpectSymbol(string symbol)
    {
        if (!AcceptSymbol(symbol))
        {
            throw Unexpected($"'{symbol}'");
        }
    }

    private HogQLException Unexpected(string expected)
    {
        var token = Current;
        var found = token.Kind == TokenKind.End ? "the end of the query" : $"'{token.Text}'";
        return Lexer.Error(token.Line, token.Column, $"expected {expected}, found {found}");
    }
}
