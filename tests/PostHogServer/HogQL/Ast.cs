namespace PostHogServer.HogQL;

/// <summary>A HogQL expression.</summary>
public abstract record Expr;

/// <summary>
/// A constant: string, long, double, bool, null, or a list of constants (from a placeholder).
/// Constants are always bound as SQL parameters, never written into the SQL text.
/// </summary>
public sealed record Constant(object? Value) : Expr;

/// <summary>A field chain such as id, p.id, properties.email or properties.company.name.</summary>
public sealed record FieldRef(IReadOnlyList<string> Chain) : Expr;

/// <summary>A function call; <see cref="Distinct"/> for count(DISTINCT x).</summary>
public sealed record Call(string Name, IReadOnlyList<Expr> Args, bool Distinct = false) : Expr;

/// <summary>
/// A binary operation: arithmetic (+ - * / % ||), comparison (= != &lt; &lt;= &gt; &gt;=),
/// pattern (LIKE, ILIKE, NOT LIKE, NOT ILIKE), AND, OR.
/// </summary>
public sealed record Binary(string Op, Expr Left, Expr Right) : Expr;

/// <summary>NOT x, or -x.</summary>
public sealed record Unary(string Op, Expr Operand) : Expr;

/// <summary>x IS [NOT] NULL.</summary>
public sealed record IsNull(Expr Operand, bool Negated) : Expr;

/// <summary>x [NOT] IN (a, b, ...) or x [NOT] IN {list}.</summary>
public sealed record InList(Expr Operand, IReadOnlyList<Expr> Items, bool Negated) : Expr;

/// <summary>x [NOT] IN (SELECT ...).</summary>
public sealed record InSubquery(Expr Operand, SelectQuery Query, bool Negated) : Expr;

/// <summary>x [NOT] BETWEEN low AND high.</summary>
public sealed record Between(Expr Operand, Expr Low, Expr High, bool Negated) : Expr;

/// <summary>* or table.* in a select list, or the argument of count(*).</summary>
public sealed record Star(string? Table) : Expr;

/// <summary>One item of a select list, with its alias when one was given.</summary>
public sealed record SelectItem(Expr Expr, string? Alias);

/// <summary>A table in FROM or JOIN, with its alias.</summary>
public sealed record TableRef(string Name, string? Alias)
{
    /// <summary>The name the query refers to the table by.</summary>
    public string VisibleName => Alias ?? Name;
}

/// <summary>[INNER | LEFT] JOIN table ON condition.</summary>
public sealed record JoinClause(string Kind, TableRef Table, Expr On);

/// <summary>One ORDER BY item; NULLs sort last unless NULLS FIRST is given.</summary>
public sealed record OrderItem(Expr Expr, bool Descending, bool NullsFirst = false);

/// <summary>A SELECT query of the supported subset.</summary>
public sealed record SelectQuery
{
    /// <summary>SELECT DISTINCT.</summary>
    public bool Distinct { get; init; }

    /// <summary>The select list.</summary>
    public IReadOnlyList<SelectItem> Select { get; init; } = [];

    /// <summary>FROM table, or null for a query without a table (SELECT 1).</summary>
    public TableRef? From { get; init; }

    /// <summary>Joins, in order.</summary>
    public IReadOnlyList<JoinClause> Joins { get; init; } = [];

    /// <summary>WHERE.</summary>
    public Expr? Where { get; init; }

    /// <summary>GROUP BY.</summary>
    public IReadOnlyList<Expr> GroupBy { get; init; } = [];

    /// <summary>HAVING.</summary>
    public Expr? Having { get; init; }

    /// <summary>ORDER BY.</summary>
    public IReadOnlyList<OrderItem> OrderBy { get; init; } = [];

    /// <summary>LIMIT, when the query has one.</summary>
    public Expr? Limit { get; init; }

    /// <summary>OFFSET, when the query has one.</summary>
    public Expr? Offset { get; init; }
}
