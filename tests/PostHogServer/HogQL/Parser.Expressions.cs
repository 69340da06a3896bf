namespace PostHogServer.HogQL;

/// <summary>
/// Expressions, lowest precedence first: OR, AND, NOT, comparisons (with IS NULL, LIKE, IN
/// and BETWEEN), + - ||, * / %, unary minus, then constants, calls and fields.
/// </summary>
public sealed partial class Parser
{
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
                    throw new HogQLException(
                        "Subqueries are supported only after IN by the local PostHog server.");
                }

                var inner = Expression();
                if (Current.IsSymbol(","))
                {
                    throw new HogQLException(
                        "Tuples are not supported by the local PostHog server.");
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

        var known = values.Count == 0
            ? "none"
            : string.Join(", ", values.Keys.Order(StringComparer.Ordinal));
        throw new HogQLException(
            $"Placeholder {{{token.Text}}} is not available in this context. "
            + $"Values given: {known}.");
    }

    private static object? ConstantValue(Expr expr) => expr is Constant constant
        ? constant.Value
        : throw new HogQLException(
            "Array literals may hold constants only on the local PostHog server.");

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
}
