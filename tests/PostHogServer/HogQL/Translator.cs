using System.Globalization;
using System.Text;

namespace PostHogServer.HogQL;

/// <summary>A result column: its name (alias, field name or printed expression) and type.</summary>
public sealed record OutputColumn(string Name, SqlType Type);

/// <summary>SQLite SQL with its parameter values (@p0, @p1, ...) and the result columns.</summary>
public sealed record SqlStatement(string Sql, IReadOnlyList<object?> Parameters, IReadOnlyList<OutputColumn> Columns);

/// <summary>
/// Translates a parsed HogQL SELECT into SQLite SQL over the persons copy. Every constant
/// becomes a bound parameter. Property access (properties.a.b) reads the JSON as ClickHouse
/// does: a string as itself, any other value as its JSON text, a missing key or JSON null as
/// NULL. LIKE, ILIKE, match() and the conversions run as functions registered by
/// <see cref="SqlFunctions"/>, so they behave like the persons list filters.
/// </summary>
public sealed class Translator
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

    private string Select(SelectQuery query, long? limit, long? offset, out List<OutputColumn> columns)
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
            sql.Append(" FROM ").Append(tables[0].Def.Name).Append(" AS ").Append(tables[0].SqlAlias);
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
            sql.Append(" GROUP BY ").AppendJoin(", ", query.GroupBy.Select(g => Grouping(g, scope).Sql));
        }

        if (query.Having is { } having)
        {
            sql.Append(" HAVING ").Append(Condition(having, scope));
        }

        if (query.OrderBy.Count > 0)
        {
            sql.Append(" ORDER BY ").AppendJoin(", ", query.OrderBy.Select(o => Ordering(o, scope)));
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
        if (expr is Constant { Value: long position } && position >= 1 && position <= scope.Query.Select.Count)
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
                return new Typed($"(-{operand.Sql})", operand.Type.IsNumeric ? operand.Type : SqlType.Dynamic);
            case IsNull isNull:
                return new Typed(
                    $"({Translate(isNull.Operand, scope).Sql} IS {(isNull.Negated ? "NOT " : "")}NULL)",
                    SqlType.UInt8);
            case InList inList:
                return In(inList, scope);
            case InSubquery sub:
                var left = Translate(sub.Operand, scope);
                var inner = Select(sub.Query, sub.Query.Limit is { } l ? RowCount(l, "LIMIT") : null,
                    sub.Query.Offset is { } o ? RowCount(o, "OFFSET") : null, out var columns);
                if (columns.Count != 1)
                {
                    throw new HogQLException("A subquery after IN must select exactly one column.");
                }

                return new Typed($"({left.Sql} {(sub.Negated ? "NOT IN" : "IN")} ({inner}))", SqlType.UInt8);
            case Between between:
                var value = Translate(between.Operand, scope);
                var low = Coerced(value, between.Low, scope, ">=");
                var high = Coerced(value, between.High, scope, "<=");
                var lowSide = value.Type.IsProperty && low.Type.IsNumeric ? ToFloat(value) : value;
                return new Typed(
                    $"({lowSide.Sql} {(between.Negated ? "NOT " : "")}BETWEEN {low.Sql} AND {high.Sql})",
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

    private Typed Field(FieldRef field, Scope scope)
    {
        var chain = field.Chain;
        var (table, rest) = scope.Resolve(chain);
        if (table is null)
        {
            if (chain.Count == 1 && scope.Alias(chain[0]) is { } aliased)
            {
                return scope.WithAliasGuard(chain[0], () => Translate(aliased, scope));
            }

            throw new HogQLException($"Unable to resolve field: {string.Join(".", chain)}");
        }

        var column = table.Def.Column(rest[0])!;
        var sql = $"{table.SqlAlias}.\"{column.Name}\"";
        if (rest.Count == 1)
        {
            return new Typed(sql, column.Type, IsColumn: true);
        }

        if (!column.IsJson)
        {
            throw new HogQLException($"Unable to resolve field: {string.Join(".", chain)}");
        }

        var path = new StringBuilder("$");
        foreach (var key in rest.Skip(1))
        {
            if (key.Contains('"'))
            {
                throw new HogQLException(
                    "Property keys with a double quote are not supported by the local PostHog server.");
            }

            path.Append(".\"").Append(key).Append('"');
        }

        var pathParameter = Parameter(path.ToString()).Sql;
        return new Typed(
            $"(CASE json_type({sql}, {pathParameter}) WHEN 'text' THEN {sql} ->> {pathParameter} "
            + $"WHEN 'null' THEN NULL ELSE {sql} -> {pathParameter} END)",
            SqlType.Property);
    }

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
                return new Typed(op.StartsWith("NOT", StringComparison.Ordinal) ? $"(NOT {like})" : like,
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

        if (subject.Type.IsProperty && op is "=" or "!=" && other is Constant { Value: long or double } number)
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

    private static Typed ToFloat(Typed value) => new($"hogql_tofloat({value.Sql})", SqlType.Float64);

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

                return new Typed($"count({(call.Distinct ? "DISTINCT " : "")}{One(call, scope).Sql})", SqlType.UInt64);
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
                return new Typed($"{name.ToLowerInvariant()}({One(call, scope).Sql})", SqlType.String);
            case "lowerutf8" or "upperutf8":
                return new Typed($"hogql_{name.ToLowerInvariant()}({One(call, scope).Sql})", SqlType.String);
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
                        $"(CASE WHEN {source.Sql} IS NULL THEN NULL WHEN {source.Sql} THEN 'true' ELSE 'false' END)",
                    ValueKind.DateTime => $"hogql_datetime_text({source.Sql})",
                    _ => $"CAST({source.Sql} AS TEXT)",
                }, SqlType.String);
            case "toint" or "toint64" or "tointornull" or "toint64ornull":
                return new Typed($"hogql_toint({One(call, scope).Sql})", SqlType.Int64);
            case "tofloat" or "tofloat64" or "tofloatornull" or "tofloat64ornull":
                return ToFloat(One(call, scope));
            case "touuid" or "touuidornull":
                return new Typed($"lower({One(call, scope).Sql})", SqlType.Uuid);
            case "todatetime" or "todatetime64" or "parsedatetimebesteffort" or "parsedatetime64besteffort":
                return new Typed($"hogql_datetime({Translate(args.FirstOrDefault() ?? Missing(call), scope).Sql})",
                    SqlType.DateTime);
            case "now":
                return new Typed("hogql_now()", SqlType.DateTime);
            case "coalesce" or "ifnull":
                var values = args.Select(a => Translate(a, scope)).ToList();
                var known = values.Where(v => v.Type.Kind != ValueKind.Null).Select(v => v.Type).FirstOrDefault();
                return new Typed($"coalesce({string.Join(", ", values.Select(v => v.Sql))})",
                    known ?? SqlType.Nothing);
            case "if":
                if (args.Count != 3)
                {
                    throw new HogQLException("if() takes three arguments: if(condition, then, else).");
                }

                var then = Translate(args[1], scope);
                var condition = Translate(args[0], scope).Sql;
                var otherwise = Translate(args[2], scope).Sql;
                return new Typed($"(CASE WHEN {condition} THEN {then.Sql} ELSE {otherwise} END)", then.Type);
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
                return new Typed($"hogql_match({Translate(args[0], scope).Sql}, {Translate(args[1], scope).Sql})",
                    SqlType.UInt8);
            case "empty" or "notempty":
                var tested = One(call, scope);
                var test = name.Equals("empty", StringComparison.OrdinalIgnoreCase) ? "=" : "<>";
                return new Typed($"(coalesce({tested.Sql}, '') {test} '')", SqlType.UInt8);
            case "isnull" or "isnotnull":
                return Translate(new IsNull(args.Count == 1 ? args[0] : Missing(call),
                    name.Equals("isNotNull", StringComparison.OrdinalIgnoreCase)), scope);
            case "equals" or "notequals" or "less" or "lessorequals" or "greater" or "greaterorequals"
                or "plus" or "minus" or "multiply" or "divide" or "modulo" or "and" or "or":
                Arity(call, 2);
                return BinaryOperation(OperatorOf(name.ToLowerInvariant()), args[0], args[1], scope);
            case "not":
                return Translate(new Unary("NOT", args.Count == 1 ? args[0] : Missing(call)), scope);
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
                $"Function '{call.Name}' expects {count} argument{(count == 1 ? "" : "s")}, got {call.Args.Count}.");
        }
    }

    private static Expr Missing(Call call) =>
        throw new HogQLException($"Function '{call.Name}' got the wrong number of arguments.");

    private readonly record struct Typed(string Sql, SqlType Type, bool IsColumn = false);

    /// <summary>The tables and select aliases a query can refer to.</summary>
    private sealed class Scope
    {
        private readonly HashSet<string> expanding = new(StringComparer.Ordinal);

        public Scope(SelectQuery query)
        {
            Query = query;
        }

        public SelectQuery Query { get; }

        public List<ScopeTable> Tables { get; } = new();

        public void Add(TableRef table, string sqlAlias)
        {
            var def = TableDef.Find(table.Name)
                ?? throw new HogQLException($"Unknown table `{table.Name}`.");
            if (Tables.Any(t => t.Visible == table.VisibleName))
            {
                throw new HogQLException($"Duplicate table alias `{table.VisibleName}`.");
            }

            Tables.Add(new ScopeTable(table.VisibleName, def, sqlAlias));
        }

        /// <summary>The table a chain starts in and the rest of the chain, or (null, chain).</summary>
        public (ScopeTable? Table, IReadOnlyList<string> Chain) Resolve(IReadOnlyList<string> chain)
        {
            if (chain.Count >= 2 && Tables.FirstOrDefault(t => t.Visible == chain[0]) is { } named
                && named.Def.Column(chain[1]) is not null)
            {
                return (named, chain.Skip(1).ToList());
            }

            if (chain.Count >= 2 && Tables.Any(t => t.Visible == chain[0]))
            {
                return (null, chain);
            }

            var owner = Tables.FirstOrDefault(t => t.Def.Column(chain[0]) is not null);
            return owner is null ? (null, chain) : (owner, chain);
        }

        public Expr? Alias(string name) =>
            Query.Select.FirstOrDefault(item => item.Alias == name)?.Expr;

        public Typed WithAliasGuard(string name, Func<Typed> translate)
        {
            if (!expanding.Add(name))
            {
                throw new HogQLException($"The alias `{name}` refers to itself.");
            }

            try
            {
                return translate();
            }
            finally
            {
                expanding.Remove(name);
            }
        }

        public IEnumerable<(ScopeTable Table, ColumnDef Column)> Expand(Star star)
        {
            if (Tables.Count == 0)
            {
                throw new HogQLException("SELECT * needs a FROM clause.");
            }

            var tables = star.Table is null
                ? Tables
                : Tables.Where(t => t.Visible == star.Table).ToList();
            if (tables.Count == 0)
            {
                throw new HogQLException($"Unknown table `{star.Table}`.");
            }

            return tables.SelectMany(t => t.Def.Columns.Select(c => (t, c)));
        }
    }

    private sealed record ScopeTable(string Visible, TableDef Def, string SqlAlias);
}
