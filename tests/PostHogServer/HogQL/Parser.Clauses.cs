namespace PostHogServer.HogQL;

/// <summary>The clauses of a SELECT: the select list, FROM and JOINs, ORDER BY.</summary>
public sealed partial class Parser
{
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
            throw new HogQLException(
                "Subqueries in FROM and JOIN are not supported by the local PostHog server.");
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
                $"{Current.Text.ToUpperInvariant()} JOIN is not supported by the local "
                + "PostHog server.");
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
}
