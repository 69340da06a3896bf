namespace PostHogServer.HogQL;

/// <summary>How a value of a type is stored in SQLite and written into a response.</summary>
public enum ValueKind
{
    /// <summary>Text (String, UUID, property values).</summary>
    Text,

    /// <summary>A whole number.</summary>
    Integer,

    /// <summary>A floating-point number.</summary>
    Float,

    /// <summary>Stored 0/1, written true/false.</summary>
    Bool,

    /// <summary>Stored as fixed-width ISO text, written like PostHog writes times.</summary>
    DateTime,

    /// <summary>Stored as JSON array text, written as a JSON array.</summary>
    Array,

    /// <summary>NULL only.</summary>
    Null,

    /// <summary>Unknown until the rows are read: decided by the values.</summary>
    Dynamic,
}

/// <summary>
/// The ClickHouse type name a column reports in <c>types</c>, and how its values are kept.
/// <see cref="IsProperty"/> marks a JSON property read as text (Nullable(String)), which is
/// compared as a number or boolean when the other side is one (as PostHog does for typed
/// property definitions).
/// </summary>
public sealed record SqlType(string Name, ValueKind Kind, bool IsProperty = false)
{
    /// <summary>String.</summary>
    public static readonly SqlType String = new("String", ValueKind.Text);

    /// <summary>A property value: Nullable(String).</summary>
    public static readonly SqlType Property = new("Nullable(String)", ValueKind.Text, IsProperty: true);

    /// <summary>UUID.</summary>
    public static readonly SqlType Uuid = new("UUID", ValueKind.Text);

    /// <summary>DateTime64(6, 'UTC').</summary>
    public static readonly SqlType DateTime = new("DateTime64(6, 'UTC')", ValueKind.DateTime);

    /// <summary>Int64.</summary>
    public static readonly SqlType Int64 = new("Int64", ValueKind.Integer);

    /// <summary>UInt64 (counts, lengths).</summary>
    public static readonly SqlType UInt64 = new("UInt64", ValueKind.Integer);

    /// <summary>UInt8 (comparisons and logic, as ClickHouse returns them).</summary>
    public static readonly SqlType UInt8 = new("UInt8", ValueKind.Integer);

    /// <summary>Float64.</summary>
    public static readonly SqlType Float64 = new("Float64", ValueKind.Float);

    /// <summary>Bool.</summary>
    public static readonly SqlType Bool = new("Bool", ValueKind.Bool);

    /// <summary>Nullable(Nothing): the type of NULL.</summary>
    public static readonly SqlType Nothing = new("Nullable(Nothing)", ValueKind.Null);

    /// <summary>Decided by the values read.</summary>
    public static readonly SqlType Dynamic = new("", ValueKind.Dynamic);

    /// <summary>Array(element).</summary>
    public static SqlType ArrayOf(SqlType element) =>
        new($"Array({(element.Kind == ValueKind.Dynamic ? "String" : element.Name)})", ValueKind.Array);

    /// <summary>True for numbers.</summary>
    public bool IsNumeric => Kind is ValueKind.Integer or ValueKind.Float;
}

/// <summary>A column of a table the query endpoint knows.</summary>
public sealed record ColumnDef(string Name, SqlType Type, bool IsJson = false);

/// <summary>
/// The tables of the supported subset, as HogQL exposes them: <c>persons</c> (id, created_at,
/// team_id, properties, is_identified) and <c>person_distinct_ids</c> (distinct_id,
/// person_id, team_id).
/// </summary>
public sealed record TableDef(string Name, IReadOnlyList<ColumnDef> Columns)
{
    /// <summary>persons.</summary>
    public static readonly TableDef Persons = new("persons",
    [
        new ColumnDef("id", SqlType.Uuid),
        new ColumnDef("created_at", SqlType.DateTime),
        new ColumnDef("team_id", SqlType.Int64),
        new ColumnDef("properties", SqlType.String, IsJson: true),
        new ColumnDef("is_identified", SqlType.Bool),
    ]);

    /// <summary>person_distinct_ids.</summary>
    public static readonly TableDef PersonDistinctIds = new("person_distinct_ids",
    [
        new ColumnDef("distinct_id", SqlType.String),
        new ColumnDef("person_id", SqlType.Uuid),
        new ColumnDef("team_id", SqlType.Int64),
    ]);

    /// <summary>Finds a table by its HogQL name.</summary>
    public static TableDef? Find(string name) => name switch
    {
        "persons" => Persons,
        "person_distinct_ids" => PersonDistinctIds,
        _ => null,
    };

    /// <summary>Finds a column by name.</summary>
    public ColumnDef? Column(string name) => Columns.FirstOrDefault(c => c.Name == name);
}
