using System.Text;

namespace PostHogServer.HogQL;

/// <summary>
/// What names mean inside a query: its tables, their columns and properties, and its select
/// aliases.
/// </summary>
public sealed partial class Translator
{
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
                    "Property keys with a double quote are not supported by the local "
                    + "PostHog server.");
            }

            path.Append(".\"").Append(key).Append('"');
        }

        var pathParameter = Parameter(path.ToString()).Sql;
        return new Typed(
            $"(CASE json_type({sql}, {pathParameter}) WHEN 'text' THEN {sql} ->> {pathParameter} "
            + $"WHEN 'null' THEN NULL ELSE {sql} -> {pathParameter} END)",
            SqlType.Property);
    }

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

        /// <summary>
        /// The table a chain starts in and the rest of the chain, or (null, chain).
        /// </summary>
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
