using System.Globalization;

namespace PostHogServer.HogQL;

/// <summary>
/// Operators: AND/OR, LIKE, comparisons with ClickHouse's coercions, arithmetic, IN.
/// </summary>
public sealed partial class Translator
{
    private Typed BinaryOperation(string op, Expr leftExpr, Expr rightExpr, Scope scope)
    {
        switch (op)
        {
            case "AND" or "OR":
                return new Typed(
                    $"({Translate(leftExpr, scope).Sql} {op} {Translate(rightExpr, scope).Sql})",
                    SqlType.UInt8);
            case "LIKE" or "ILIKE" or "NOT LIKE" or "NOT ILIKE":
                var text = Translate(leftExpr, scope);
                var pattern = Translate(rightExpr, scope);
                var ci = op.EndsWith("ILIKE", StringComparison.Ordinal) ? 1 : 0;
                var like = $"hogql_like({text.Sql}, {pattern.Sql}, {ci})";
                return new Typed(
                    op.StartsWith("NOT", StringComparison.Ordinal) ? $"(NOT {like})" : like,
                    SqlType.UInt8);
            case "=" or "!=" or "<" or "<=" or ">" or ">=":
                return Comparison(op, leftExpr, rightExpr, scope);
            case "||":
                return new Typed(
                    $"({Translate(leftExpr, scope).Sql} || {Translate(rightExpr, scope).Sql})",
                    SqlType.String);
        }

        var left = Translate(leftExpr, scope);
        var right = Translate(rightExpr, scope);
        if (op == "/")
        {
            return new Typed($"(CAST({left.Sql} AS REAL) / {right.Sql})", SqlType.Float64);
        }

        var type = left.Type.Kind == ValueKind.Integer && right.Type.Kind == ValueKind.Integer
            ? SqlType.Int64
            : left.Type.IsNumeric && right.Type.IsNumeric ? SqlType.Float64 : SqlType.Dynamic;
        return new Typed($"({left.Sql} {op} {right.Sql})", type);
    }

    private Typed Comparison(string op, Expr leftExpr, Expr rightExpr, Scope scope)
    {
        var left = Translate(leftExpr, scope);
        var right = Coerced(left, rightExpr, scope, op);
        if (right.Type.IsProperty && !left.Type.IsProperty)
        {
            right = Translate(rightExpr, scope);
            left = Coerced(right, leftExpr, scope, op);
        }

        if (left.Type.IsProperty && right.Type.IsNumeric && op is "<" or "<=" or ">" or ">=")
        {
            left = ToFloat(left);
        }

        if (right.Type.IsProperty && left.Type.IsNumeric && op is "<" or "<=" or ">" or ">=")
        {
            right = ToFloat(right);
        }

        var sqlOp = op == "!=" ? "<>" : op;
        return new Typed($"({left.Sql} {sqlOp} {right.Sql})", SqlType.UInt8);
    }

    /// <summary>
    /// Translates <paramref name="other"/> to compare with <paramref name="subject"/>: numbers and
    /// booleans compared for equality with a property become its text ('30', 'true'), and
    /// text compared with a time is read as a time.
    /// </summary>
    private Typed Coerced(Typed subject, Expr other, Scope scope, string op)
    {
        if (subject.Type.IsProperty && other is Constant { Value: bool flag })
        {
            return Parameter(flag ? "true" : "false");
        }

        if (subject.Type.IsProperty
            && op is "=" or "!="
            && other is Constant { Value: long or double } number)
        {
            return Parameter(Convert.ToString(number.Value, CultureInfo.InvariantCulture));
        }

        var typed = Translate(other, scope);
        if (subject.Type.Kind == ValueKind.DateTime && typed.Type.Kind == ValueKind.Text)
        {
            return new Typed($"hogql_datetime({typed.Sql})", SqlType.DateTime);
        }

        return typed;
    }

    private static Typed ToFloat(Typed value) =>
        new($"hogql_tofloat({value.Sql})", SqlType.Float64);

    private Typed In(InList inList, Scope scope)
    {
        var operand = Translate(inList.Operand, scope);
        var items = new List<string>();
        var expanded = inList.Items is [Constant { Value: List<object?> list }]
            ? list.Select(v => (Expr)new Constant(v))
            : inList.Items;
        foreach (var item in expanded)
        {
            items.Add(Coerced(operand, item, scope, "=").Sql);
        }

        return new Typed(
            $"({operand.Sql} {(inList.Negated ? "NOT IN" : "IN")} ({string.Join(", ", items)}))",
            SqlType.UInt8);
    }
}
