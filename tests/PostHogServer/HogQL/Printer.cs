using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PostHogServer.HogQL;

/// <summary>
/// Prints HogQL back as text in HogQL's own style (operators as functions: equals(a, b),
/// plus(a, b)), for the response's <c>hogql</c> field and for the names of computed columns.
/// </summary>
public static partial class Printer
{
    /// <summary>The query as text, with the LIMIT and OFFSET that were applied.</summary>
    public static string Query(SelectQuery query, long? limit, long? offset)
    {
        var text = new StringBuilder("SELECT ");
        if (query.Distinct)
        {
            text.Append("DISTINCT ");
        }

        text.AppendJoin(", ", query.Select.Select(item =>
            item.Alias is null ? Expression(item.Expr) : Expression(item.Expr) + " AS " + Identifier(item.Alias)));
        if (query.From is { } from)
        {
            text.Append(" FROM ").Append(Table(from));
            foreach (var join in query.Joins)
            {
                text.Append(' ').Append(join.Kind).Append(" JOIN ").Append(Table(join.Table))
                    .Append(" ON ").Append(Expression(join.On));
            }
        }

        if (query.Where is { } where)
        {
            text.Append(" WHERE ").Append(Expression(where));
        }

        if (query.GroupBy.Count > 0)
        {
            text.Append(" GROUP BY ").AppendJoin(", ", query.GroupBy.Select(Expression));
        }

        if (query.Having is { } having)
        {
            text.Append(" HAVING ").Append(Expression(having));
        }

        if (query.OrderBy.Count > 0)
        {
            text.Append(" ORDER BY ").AppendJoin(", ", query.OrderBy.Select(o =>
                Expression(o.Expr) + (o.Descending ? " DESC" : " ASC") + (o.NullsFirst ? " NULLS FIRST" : "")));
        }

        if (limit is { } rows)
        {
            text.Append(" LIMIT ").Append(rows.ToString(CultureInfo.InvariantCulture));
        }

        if (offset is { } skip and > 0)
        {
            text.Append(" OFFSET ").Append(skip.ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>An expression as HogQL text.</summary>
    public static string Expression(Expr expr) => expr switch
    {
        Constant constant => Value(constant.Value),
        FieldRef field => string.Join(".", field.Chain.Select(Identifier)),
        Star star => star.Table is null ? "*" : star.Table + ".*",
        Call call => call.Name + "(" + (call.Distinct ? "DISTINCT " : "")
            + string.Join(", ", call.Args.Select(Expression)) + ")",
        Binary binary => FunctionName(binary.Op) + "(" + Expression(binary.Left) + ", "
            + Expression(binary.Right) + ")",
        Unary { Op: "NOT" } unary => "not(" + Expression(unary.Operand) + ")",
        Unary unary => "negate(" + Expression(unary.Operand) + ")",
        IsNull isNull => (isNull.Negated ? "isNotNull(" : "isNull(") + Expression(isNull.Operand) + ")",
        InList inList => (inList.Negated ? "notIn(" : "in(") + Expression(inList.Operand) + ", "
            + (inList.Items is [Constant { Value: List<object?> }] ? Expression(inList.Items[0])
                : "tuple(" + string.Join(", ", inList.Items.Select(Expression)) + ")") + ")",
        InSubquery sub => (sub.Negated ? "notIn(" : "in(") + Expression(sub.Operand) + ", ("
            + Query(sub.Query, null, null) + "))",
        Between between => Expression(between.Operand) + (between.Negated ? " NOT" : "") + " BETWEEN "
            + Expression(between.Low) + " AND " + Expression(between.High),
        _ => expr.ToString(),
    };

    /// <summary>An identifier, in backticks when it is not a plain word.</summary>
    public static string Identifier(string name) => PlainIdentifier().IsMatch(name)
        ? name
        : "`" + name.Replace("\\", "\\\\").Replace("`", "\\`") + "`";

    private static string Table(TableRef table) =>
        table.Alias is null ? Identifier(table.Name) : Identifier(table.Name) + " AS " + Identifier(table.Alias);

    private static string Value(object? value) => value switch
    {
        null => "NULL",
        string text => "'" + text.Replace("\\", "\\\\").Replace("'", "\\'") + "'",
        bool flag => flag ? "true" : "false",
        long whole => whole.ToString(CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        List<object?> items => "[" + string.Join(", ", items.Select(Value)) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "NULL",
    };

    private static string FunctionName(string op) => op switch
    {
        "+" => "plus",
        "-" => "minus",
        "*" => "multiply",
        "/" => "divide",
        "%" => "modulo",
        "||" => "concat",
        "=" => "equals",
        "!=" => "notEquals",
        "<" => "less",
        "<=" => "lessOrEquals",
        ">" => "greater",
        ">=" => "greaterOrEquals",
        "LIKE" => "like",
        "ILIKE" => "ilike",
        "NOT LIKE" => "notLike",
        "NOT ILIKE" => "notILike",
        "AND" => "and",
        "OR" => "or",
        _ => op,
    };

    [GeneratedRegex("^[A-Za-z_$][A-Za-z0-9_$]*$")]
    private static partial Regex PlainIdentifier();
}
