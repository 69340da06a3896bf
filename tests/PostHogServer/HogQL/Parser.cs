using System.Text.Json.Nodes;

namespace PostHogServer.HogQL;

/// <summary>
/// Parses the supported HogQL subset: one SELECT with DISTINCT, FROM a table (with an
/// alias), INNER/LEFT JOINs ... ON, WHERE, GROUP BY, HAVING, ORDER BY, LIMIT/OFFSET.
/// Placeholders are replaced by constants from query.values while parsing, as PostHog's
/// parser does, so their values never become SQL text.
/// </summary>
public sealed class Parser
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

    /// <summary>Converts query.values JSON into constants: text, long, double, bool, null, lists.</summary>
    public static object? ValueOf(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonArray array:
                return array.Select(ValueOf).ToList();
            case JsonObject:
                throw new HogQLException("Placeholder values must be strings, numbers, booleans, null or lists.");
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

    private SelectQuery Select()
    {
        if (Current.Is("WITH"))
        {
            throw new HogQLException("WITH is not supported by the local PostHog server.");
        }

        Expect("SELECT");
        var distinct = Accept("DISTINCT");
        var items = new List<SelectItem> { SelectItem() };
        while (AcceptSymbol(","))
        {
            items.Add(SelectItem());
        }

        TableRef? from = null;
        var joins = new List<JoinClause>();
        if (Accept("FROM"))
        {
            from = Table();
            while (JoinKind() is { } kind)
            {
                var table = Table();
                Expect("ON");
                joins.Add(new JoinClause(kind, table, Expression()));
            }
        }

        var where = Accept("WHERE") ? Expression() : null;
        var groupBy = new List<Expr>();
        if (Accept("GROUP"))
        {
            Expect("BY");
            groupBy.Add(Expression());
            while (AcceptSymbol(","))
            {
                groupBy.Add(Expression());
            }
        }

        var having = Accept("HAVING") ? Expression() : null;
        var orderBy = new List<OrderItem>();
        if (Accept("ORDER"))
        {
            Expect("BY");
            orderBy.Add(OrderItem());
            while (AcceptSymbol(","))
            {
                orderBy.Add(OrderItem());
            }
        }

        Expr? limit = null, offset = null;
        if (Accept("LIMIT"))
        {
            limit = Expression();
            if (AcceptSymbol(","))
            {
                offset = limit;
                limit = Expression();
            }
            else if (Accept("OFFSET"))
            {
                offset = Expression();
            }
        }
        else if (Accept("OFFSET"))
        {
            offset = Expression();
        }

        return new SelectQuery
        {
            Distinct = distinct,
            Select = items,
            From = from,
            Joins = joins,
            Where = where,
            GroupBy = groupBy,
            Having = having,
            OrderBy = orderBy,
            Limit = limit,
            Offset = offset,
        };
    }

    private SelectItem SelectItem()
    {
        if (Current.IsSymbol("*"))
        {
            at++;
            return new SelectItem(new Star(null), null);
        }

        var expr = Expression();
        return new SelectItem(expr, Alias());
    }

    private string? Alias()
    {
        if (Accept("AS"))
        {
            return Identifier("an alias");
        }

        return Current.Kind == TokenKind.QuotedIdentifier
            || (Current.Kind == TokenKind.Word && !Reserved.Contains(Current.Text))
            ? Identifier("an alias")
            : null;
    }

    private TableRef Table()
    {
        if (Current.IsSymbol("("))
        {
            throw new HogQLException("Subqueries in FROM and JOIN are not supported by the local PostHog server.");
        }

        var name = Identifier("a table name");
        while (AcceptSymbol("."))
        {
            name += "." + Identifier("a table name");
        }

        return new TableRef(name, Alias());
    }

    private string? JoinKind()
    {
        if (Accept("JOIN"))
        {
            return "INNER";
        }

        if (Current.Is("INNER") && Peek(1).Is("JOIN"))
        {
            at += 2;
            return "INNER";
        }

        if (Current.Is("LEFT"))
        {
            at++;
            Accept("OUTER");
            Expect("JOIN");
            return "LEFT";
        }

        if (Current.Is("RIGHT") || Current.Is("FULL") || Current.Is("CROSS"))
        {
            throw new HogQLException(
                $"{Current.Text.ToUpperInvariant()} JOIN is not supported by the local PostHog server.");
        }

        return null;
    }

    private OrderItem OrderItem()
    {
        var expr = Expression();
        var descending = false;
        if (Accept("DESC") || Accept("DESCENDING"))
        {
            descending = true;
        }
        else if (!Accept("ASC"))
        {
            Accept("ASCENDING");
        }

        var nullsFirst = false;
        if (Accept("NULLS"))
        {
            if (Accept("FIRST"))
            {
                nullsFirst = true;
            }
            else
            {
                Expect("LAST");
            }
        }

        return new OrderItem(expr, descending, nullsFirst);
    }

    private Expr Expression() => Or();

    private Expr Or()
    {
        var left = And();
        while (Accept("OR"))
        {
            left = new Binary("OR", left, And());
        }

        return left;
    }

    private Expr And()
    {
        var left = Not();
        while (Accept("AND"))
        {
            left = new Binary("AND", left, Not());
        }

        return left;
    }

    private Expr Not()
    {
        if (Accept("NOT"))
        {
            return new Unary("NOT", Not());
        }

        return Comparison();
    }

    private Expr Comparison()
    {
        var left = Additive();
        if (Current.Kind == TokenKind.Symbol && Current.Text is "=" or "==" or "!=" or "<>" or "<"
                or "<=" or ">" or ">=")
        {
            var op = Current.Text switch
            {
                "==" => "=",
                "<>" => "!=",
                _ => Current.Text,
            };
            at++;
            return new Binary(op, left, Additive());
        }

        if (Accept("IS"))
        {
            var negated = Accept("NOT");
            Expect("NULL");
            return new IsNull(left, negated);
        }

        var not = Current.Is("NOT") && (Peek(1).Is("LIKE") || Peek(1).Is("ILIKE")
            || Peek(1).Is("IN") || Peek(1).Is("BETWEEN"));
        if (not)
        {
            at++;
        }

        if (Accept("LIKE"))
        {
            return new Binary(not ? "NOT LIKE" : "LIKE", left, Additive());
        }

        if (Accept("ILIKE"))
        {
            return new Binary(not ? "NOT ILIKE" : "ILIKE", left, Additive());
        }

        if (Accept("IN"))
        {
            return In(left, not);
        }

        if (Accept("BETWEEN"))
        {
            var low = Additive();
            Expect("AND");
            return new Between(left, low, Additive(), not);
        }

        return left;
    }

    private Expr In(Expr left, bool negated)
    {
        if (Current.IsSymbol("(") && Peek(1).Is("SELECT"))
        {
            at++;
            var query = Select();
            ExpectSymbol(")");
            return new InSubquery(left, query, negated);
        }

        if (Current.IsSymbol("(") || Current.IsSymbol("["))
        {
            var close = Current.IsSymbol("(") ? ")" : "]";
            at++;
            var items = new List<Expr>();
            if (!Current.IsSymbol(close))
            {
                items.Add(Expression());
                while (AcceptSymbol(","))
                {
                    items.Add(Expression());
                }
            }

            ExpectSymbol(close);
            return new InList(left, items, negated);
        }

        return new InList(left, [Primary()], negated);
    }

    private Expr Additive()
    {
        var left = Multiplicative();
        while (Current.Kind == TokenKind.Symbol && Current.Text is "+" or "-" or "||")
        {
            var op = Current.Text;
            at++;
            left = new Binary(op, left, Multiplicative());
        }

        return left;
    }

    private Expr Multiplicative()
    {
        var left = UnaryMinus();
        while (Current.Kind == TokenKind.Symbol && Current.Text is "*" or "/" or "%")
        {
            var op = Current.Text;
            at++;
            left = new Binary(op, left, UnaryMinus());
        }

        return left;
    }

    private Expr UnaryMinus()
    {
        if (AcceptSymbol("-"))
        {
            var operand = UnaryMinus();
            return operand switch
            {
                Constant { Value: long whole } => new Constant(-whole),
                Constant { Value: double number } => new Constant(-number),
                _ => new Unary("-", operand),
            };
        }

        return Primary();
    }

    private Expr Primary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                at++;
                return new Constant(Lexer.NumberValue(token.Text));
            case TokenKind.String:
                at++;
                return new Constant(token.Text);
            case TokenKind.Placeholder:
                at++;
                return Placeholder(token);
            case TokenKind.Symbol when token.Text == "(":
                at++;
                if (Current.Is("SELECT"))
                {
                    throw new HogQLException("Subqueries are supported only after IN by the local PostHog server.");
                }

                var inner = Expression();
                if (Current.IsSymbol(","))
                {
                    throw new HogQLException("Tuples are not supported by the local PostHog server.");
                }

                ExpectSymbol(")");
                return inner;
            case TokenKind.Symbol when token.Text == "[":
                at++;
                var items = new List<object?>();
                if (!Current.IsSymbol("]"))
                {
                    items.Add(ConstantValue(Expression()));
                    while (AcceptSymbol(","))
                    {
                        items.Add(ConstantValue(Expression()));
                    }
                }

                ExpectSymbol("]");
                return new Constant(items);
            case TokenKind.Word when token.Is("NULL"):
                at++;
                return new Constant(null);
            case TokenKind.Word when token.Is("TRUE"):
                at++;
                return new Constant(true);
            case TokenKind.Word when token.Is("FALSE"):
                at++;
                return new Constant(false);
            case TokenKind.Word when Peek(1).IsSymbol("("):
                return FunctionCall();
            case TokenKind.Word when !Reserved.Contains(token.Text):
            case TokenKind.QuotedIdentifier:
                return Field();
            default:
                throw Unexpected("an expression");
        }
    }

    private Expr Placeholder(Token token)
    {
        if (values.TryGetValue(token.Text, out var value))
        {
            return new Constant(value);
        }

        if (token.Text == "filters")
        {
            return new Constant(true);
        }

        var known = values.Count == 0 ? "none" : string.Join(", ", values.Keys.Order(StringComparer.Ordinal));
        throw new HogQLException(
            $"Placeholder {{{token.Text}}} is not available in this context. Values given: {known}.");
    }

    private static object? ConstantValue(Expr expr) => expr is Constant constant
        ? constant.Value
        : throw new HogQLException("Array literals may hold constants only on the local PostHog server.");

    private Expr FunctionCall()
    {
        var name = Current.Text;
        at += 2;
        if (AcceptSymbol(")"))
        {
            return new Call(name, []);
        }

        if (Current.IsSymbol("*") && Peek(1).IsSymbol(")"))
        {
            at += 2;
            return new Call(name, [new Star(null)]);
        }

        var distinct = Accept("DISTINCT");
        var args = new List<Expr> { Expression() };
        while (AcceptSymbol(","))
        {
            args.Add(Expression());
        }

        ExpectSymbol(")");
        return new Call(name, args, distinct);
    }

    private Expr Field()
    {
        var chain = new List<string> { Identifier("a field") };
        while (Current.IsSymbol("."))
        {
            at++;
            if (Current.IsSymbol("*"))
            {
                at++;
                return new Star(string.Join(".", chain));
            }

            chain.Add(Current.Kind == TokenKind.Number ? Take().Text : Identifier("a field"));
        }

        return new FieldRef(chain);
    }

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
