using System.Globalization;
using System.Text;

namespace PostHogServer.HogQL;

/// <summary>A result column: its name (alias, field name or printed expression) and type.</summary>
public sealed record OutputColumn(string Name, SqlType Type);

/// <summary>SQLite SQL with its parameter values (@p0, @p1, ...) and the result columns.</summary>
public sealed record SqlStatement(
    string Sql, IReadOnlyList<object?> Parameters, IReadOnlyList<OutputColumn> Columns);

/// <summary>
/// Translates a parsed HogQL SELECT into SQLite SQL over the persons copy. Every constant
/// becomes a bound parameter. Property access (properties.a.b) reads the JSON as ClickHouse
/// does: a string as itself, any other value as its JSON text, a missing key or JSON null as
/// NULL. LIKE, ILIKE, match() and the conversions run as functions registered by
/// <see cref="SqlFunctions"/>, so they behave like the persons list filters.
/// </summary>
/// <remarks>
/// This file holds the SELECT and the expression dispatch; operators, functions and name
/// resolution are in Translator.Operators.cs, Translator.Functions.cs and Translator.Scope.cs.
/// </remarks>
public sealed partial class Translator
{
    private readonly List<object?> parameters = new();
    private int aliasCounter;

    private Translator()
    {
    }

    /// <summary>Translates <paramref name="query"/> with the LIMIT and OFFSET to apply.</summary>
    public static SqlStatement Translate(SelectQuery query, long? limit, long? offset)
    {
        var translator = new Translator();
        var sql = translator.Select(query, limit, offset, out var columns);
        return new SqlStatement(sql, translator.parameters, columns);
    }

    /// <summary>Evaluates a LIMIT or OFFSET: a non-negative whole constant.</summary>
    public static long RowCount(Expr expr, string clause)
    {
        return expr is Constant { Value: long rows } && rows >= 0
            ? rows
            : throw new HogQLException($"{clause} must be a non-negative whole number.");
    }

    private string Select(
        SelectQuery query, long? limit, long? offset, out List<OutputColumn> columns)
    {
        var scope = new Scope(query);
        if (query.From is { } from)
        {
            scope.Add(from, NextAlias());
            foreach (var join in query.Joins)
            {
                scope.Add(join.Table, NextAlias());
            }
        }

        columns = new List<OutputColumn>();
        var items = new List<string>();
        foreach (var item in query.Select)
        {
            if (item.Expr is Star star)
            {
                foreach (var (table, column) in scope.Expand(star))
                {
                    items.Add($"{table.SqlAlias}.\"{column.Name}\" AS \"c{items.Count}\"");
                    columns.Add(new OutputColumn(column.Name, column.Type));
                }

                continue;
            }

            var typed = Translate(item.Expr, scope);
            items.Add($"{typed.Sql} AS \"c{items.Count}\"");
            columns.Add(new OutputColumn(item.Alias ?? ColumnName(item.Expr), typed.Type));
        }

        var sql = new StringBuilder("SELECT ");
        if (query.Distinct)
        {
            sql.Append("DISTINCT ");
        }

        sql.AppendJoin(", ", items);
        if (query.From is not null)
        {
            var tables = scope.Tables;
            sql.Append(" FROM ").Append(tables[0].Def.Name)
                .Append(" AS ").Append(tables[0].SqlAlias);
            for (var i = 0; i < query.Joins.Count; i++)
            {
                var join = query.Joins[i];
                sql.Append(join.Kind == "LEFT" ? " LEFT JOIN " : " JOIN ")
                    .Append(tables[i + 1].Def.Name).Append(" AS ").Append(tables[i + 1].SqlAlias)
                    .Append(" ON ").Append(Condition(join.On, scope));
            }
        }

        if (query.Where is { } where)
        {
            sql.Append(" WHERE ").Append(Condition(where, scope));
        }

        if (query.GroupBy.Count > 0)
        {
            sql.Append(" GROUP BY ")
                .AppendJoin(", ", query.GroupBy.Select(g => Grouping(g, scope).Sql));
        }

        if (query.Having is { } having)
        {
            sql.Append(" HAVING ").Append(Condition(having, scope));
        }

        if (query.OrderBy.Count > 0)
        {
            sql.Append(" ORDER BY ")
                .AppendJoin(", ", query.OrderBy.Select(o => Ordering(o, scope)));
        }

        if (limit is { } rows)
        {
            sql.Append(" LIMIT ").Append(rows.ToString(CultureInfo.InvariantCulture));
        }

        if (offset is { } skip and > 0)
        {
            if (limit is null)
            {
                sql.Append(" LIMIT -1");
            }

            sql.Append(" OFFSET ").Append(skip.ToString(CultureInfo.InvariantCulture));
        }

        return sql.ToString();
    }

    private static string ColumnName(Expr expr) =>
        expr is FieldRef field ? field.Chain[^1] : Printer.Expression(expr);

    private string NextAlias() => $"\"t{aliasCounter++}\"";

    private Typed Grouping(Expr expr, Scope scope)
    {
        // ORDER BY 2 / GROUP BY 1: a position in the select list, as in ClickHouse.
        if (expr is Constant { Value: long position }
            && position >= 1
            && position <= scope.Query.Select.Count)
        {
            return new Typed(position.ToString(CultureInfo.InvariantCulture), SqlType.Dynamic);
        }

        return Translate(expr, scope);
    }

    /// <summary>
    /// One ORDER BY item with ClickHouse's NULL placement (last unless NULLS FIRST). SQLite puts
    /// NULLs first when ascending, so only then is NULLS LAST written, and never for a table
    /// column (none holds NULL), so that ordering by the key can use the index.
    /// </summary>
    private string Ordering(OrderItem item, Scope scope)
    {
        var typed = Grouping(item.Expr, scope);
        var nulls = item.Descending
            ? item.NullsFirst ? " NULLS FIRST" : ""
            : item.NullsFirst || typed.IsColumn ? "" : " NULLS LAST";
        return typed.Sql + (item.Descending ? " DESC" : " ASC") + nulls;
    }

    private string Condition(Expr expr, Scope scope) => Translate(expr, scope).Sql;

    private Typed Translate(Expr expr, Scope scope)
    {
        switch (expr)
        {
            case Constant constant:
                return Parameter(constant.Value);
            case FieldRef field:
                return Field(field, scope);
            case Call call:
                return Function(call, scope);
            case Binary binary:
                return BinaryOperation(binary.Op, binary.Left, binary.Right, scope);
            case Unary { Op: "NOT" } not:
                return new Typed($"(NOT {Translate(not.Operand, scope).Sql})", SqlType.UInt8);
            case Unary negate:
                var operand = Translate(negate.Operand, scope);
                return new Typed(
                    $"(-{operand.Sql})",
                    operand.Type.IsNumeric ? operand.Type : SqlType.Dynamic);
            case IsNull isNull:
                return new Typed(
                    $"({Translate(isNull.Operand, scope).Sql} "
                    + $"IS {(isNull.Negated ? "NOT " : "")}NULL)",
                    SqlType.UInt8);
            case InList inList:
                return In(inList, scope);
            case InSubquery sub:
                var left = Translate(sub.Operand, scope);
                var inner = Select(
                    sub.Query,
                    sub.Query.Limit is { } l ? RowCount(l, "LIMIT") : null,
                    sub.Query.Offset is { } o ? RowCount(o, "OFFSET") : null,
                    out var columns);
                if (columns.Count != 1)
                {
                    throw new HogQLException("A subquery after IN must select exactly one column.");
                }

                return new Typed(
                    $"({left.Sql} {(sub.Negated ? "NOT IN" : "IN")} ({inner}))", SqlType.UInt8);
            case Between between:
                var value = Translate(between.Operand, scope);
                var low = Coerced(value, between.Low, scope, ">=");
                var high = Coerced(value, between.High, scope, "<=");
                var lowSide = value.Type.IsProperty && low.Type.IsNumeric ? ToFloat(value) : value;
                return new Typed(
                    $"({lowSide.Sql} {(between.Negated ? "NOT " : "")}BETWEEN "
                    + $"{low.Sql} AND {high.Sql})",
                    SqlType.UInt8);
            case Star:
                throw new HogQLException("* is allowed only in the select list and in count(*).");
            default:
                throw new HogQLException($"Unsupported expression: {Printer.Expression(expr)}");
        }
    }

    private Typed Parameter(object? value)
    {
        var name = "@p" + parameters.Count.ToString(CultureInfo.InvariantCulture);
        switch (value)
        {
            case List<object?>:
                throw new HogQLException("A list value is allowed only after IN.");
            case bool flag:
                parameters.Add(flag ? 1L : 0L);
                return new Typed(name, SqlType.Bool);
            case long:
                parameters.Add(value);
                return new Typed(name, SqlType.Int64);
            case double:
                parameters.Add(value);
                return new Typed(name, SqlType.Float64);
            case null:
                parameters.Add(null);
                return new Typed(name, SqlType.Nothing);
            default:
                parameters.Add(Convert.ToString(value, CultureInfo.InvariantCulture));
                return new Typed(name, SqlType.String);
        }
    }
}
