namespace PostHogServer.HogQL;

/// <summary>The HogQL functions the local server supports, each as SQLite SQL.</summary>
public sealed partial class Translator
{
    private Typed Function(Call call, Scope scope)
    {
        var name = call.Name;
        var args = call.Args;
        switch (name.ToLowerInvariant())
        {
            case "count":
                if (args.Count == 0 || args is [Star])
                {
                    return new Typed("count(*)", SqlType.UInt64);
                }

                var counted = One(call, scope);
                return new Typed(
                    $"count({(call.Distinct ? "DISTINCT " : "")}{counted.Sql})", SqlType.UInt64);
            case "countdistinct" or "uniq" or "uniqexact":
                return new Typed($"count(DISTINCT {One(call, scope).Sql})", SqlType.UInt64);
            case "sum":
                var summed = One(call, scope);
                return new Typed($"sum({summed.Sql})",
                    summed.Type.Kind == ValueKind.Integer ? SqlType.Int64 : SqlType.Float64);
            case "avg":
                return new Typed($"avg({One(call, scope).Sql})", SqlType.Float64);
            case "min" or "max":
                var extreme = One(call, scope);
                return new Typed($"{name.ToLowerInvariant()}({extreme.Sql})", extreme.Type);
            case "any" or "anylast":
                return One(call, scope);
            case "grouparray":
                var element = One(call, scope);
                return new Typed(
                    $"json_group_array({element.Sql}) FILTER (WHERE {element.Sql} IS NOT NULL)",
                    SqlType.ArrayOf(element.Type));
            case "lower" or "upper":
                return new Typed(
                    $"{name.ToLowerInvariant()}({One(call, scope).Sql})", SqlType.String);
            case "lowerutf8" or "upperutf8":
                return new Typed(
                    $"hogql_{name.ToLowerInvariant()}({One(call, scope).Sql})", SqlType.String);
            case "length":
                return new Typed($"length({One(call, scope).Sql})", SqlType.UInt64);
            case "concat":
                var parts = args.Select(a => $"coalesce({Translate(a, scope).Sql}, '')");
                return new Typed("(" + string.Join(" || ", parts) + ")", SqlType.String);
            case "tostring":
                var source = One(call, scope);
                return new Typed(source.Type.Kind switch
                {
                    ValueKind.Bool =>
                        $"(CASE WHEN {source.Sql} IS NULL THEN NULL "
                        + $"WHEN {source.Sql} THEN 'true' ELSE 'false' END)",
                    ValueKind.DateTime => $"hogql_datetime_text({source.Sql})",
                    _ => $"CAST({source.Sql} AS TEXT)",
                }, SqlType.String);
            case "toint" or "toint64" or "tointornull" or "toint64ornull":
                return new Typed($"hogql_toint({One(call, scope).Sql})", SqlType.Int64);
            case "tofloat" or "tofloat64" or "tofloatornull" or "tofloat64ornull":
                return ToFloat(One(call, scope));
            case "touuid" or "touuidornull":
                return new Typed($"lower({One(call, scope).Sql})", SqlType.Uuid);
            case "todatetime" or "todatetime64"
                or "parsedatetimebesteffort" or "parsedatetime64besteffort":
                var time = Translate(args.FirstOrDefault() ?? Missing(call), scope);
                return new Typed($"hogql_datetime({time.Sql})", SqlType.DateTime);
            case "now":
                return new Typed("hogql_now()", SqlType.DateTime);
            case "coalesce" or "ifnull":
                var values = args.Select(a => Translate(a, scope)).ToList();
                var known = values
                    .Where(v => v.Type.Kind != ValueKind.Null)
                    .Select(v => v.Type)
                    .FirstOrDefault();
                return new Typed($"coalesce({string.Join(", ", values.Select(v => v.Sql))})",
                    known ?? SqlType.Nothing);
            case "if":
                if (args.Count != 3)
                {
                    throw new HogQLException(
                        "if() takes three arguments: if(condition, then, else).");
                }

                var then = Translate(args[1], scope);
                var condition = Translate(args[0], scope).Sql;
                var otherwise = Translate(args[2], scope).Sql;
                return new Typed(
                    $"(CASE WHEN {condition} THEN {then.Sql} ELSE {otherwise} END)", then.Type);
            case "like" or "ilike" or "notlike" or "notilike":
                Arity(call, 2);
                var likeOp = name.ToLowerInvariant() switch
                {
                    "like" => "LIKE",
                    "ilike" => "ILIKE",
                    "notlike" => "NOT LIKE",
                    _ => "NOT ILIKE",
                };
                return BinaryOperation(likeOp, args[0], args[1], scope);
            case "match":
                Arity(call, 2);
                var subject = Translate(args[0], scope).Sql;
                var regex = Translate(args[1], scope).Sql;
                return new Typed($"hogql_match({subject}, {regex})", SqlType.UInt8);
            case "empty" or "notempty":
                var tested = One(call, scope);
                var test = name.Equals("empty", StringComparison.OrdinalIgnoreCase) ? "=" : "<>";
                return new Typed($"(coalesce({tested.Sql}, '') {test} '')", SqlType.UInt8);
            case "isnull" or "isnotnull":
                return Translate(new IsNull(args.Count == 1 ? args[0] : Missing(call),
                    name.Equals("isNotNull", StringComparison.OrdinalIgnoreCase)), scope);
            case "equals" or "notequals" or "less" or "lessorequals" or "greater"
                or "greaterorequals" or "plus" or "minus" or "multiply" or "divide" or "modulo"
                or "and" or "or":
                Arity(call, 2);
                return BinaryOperation(
                    OperatorOf(name.ToLowerInvariant()), args[0], args[1], scope);
            case "not":
                return Translate(
                    new Unary("NOT", args.Count == 1 ? args[0] : Missing(call)), scope);
            default:
                throw new HogQLException($"Unsupported function call '{name}(...)'");
        }
    }

    private static string OperatorOf(string function) => function switch
    {
        "equals" => "=",
        "notequals" => "!=",
        "less" => "<",
        "lessorequals" => "<=",
        "greater" => ">",
        "greaterorequals" => ">=",
        "plus" => "+",
        "minus" => "-",
        "multiply" => "*",
        "divide" => "/",
        "modulo" => "%",
        "and" => "AND",
        _ => "OR",
    };

    private Typed One(Call call, Scope scope)
    {
        Arity(call, 1);
        return Translate(call.Args[0], scope);
    }

    private static void Arity(Call call, int count)
    {
        if (call.Args.Count != count)
        {
            throw new HogQLException(
                $"Function '{call.Name}' expects {count} argument{(count == 1 ? "" : "s")}, "
                + $"got {call.Args.Count}.");
        }
    }

    private static Expr Missing(Call call) =>
        throw new HogQLException($"Function '{call.Name}' got the wrong number of arguments.");
}
