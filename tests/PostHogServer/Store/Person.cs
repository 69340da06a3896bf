namespace PostHogServer.Store;

/// <summary>
/// One stored person. Instances never change: an update makes a new instance. Each instance
/// keeps its list-shape JSON, and its properties are a slice of that same buffer.
/// </summary>
public sealed class Person
{
    private readonly int propertiesOffset;
    private readonly int propertiesLength;
    private string? uuidText;

    /// <summary>
    /// Creates a person; <paramref name="facts"/> must match the properties. The list JSON goes
    /// into <paramref name="arena"/> when one is given, else into its own array.
    /// </summary>
    public Person(
        long id,
        Guid uuid,
        DateTime createdAt,
        DateTime? lastSeenAt,
        bool isIdentified,
        string[] distinctIds,
        ReadOnlySpan<byte> properties,
        PersonFacts facts,
        JsonArena? arena = null)
    {
        Id = id;
        Uuid = uuid;
        CreatedAt = createdAt;
        LastSeenAt = lastSeenAt;
        IsIdentified = isIdentified;
        DistinctIds = distinctIds;
        ListJson = PersonJson.ListItem(this, properties, facts, arena, out propertiesOffset);
        propertiesLength = properties.Length;
    }

    /// <summary>Creates a person whose facts are read from the properties.</summary>
    public static Person Create(
        long id,
        Guid uuid,
        DateTime createdAt,
        DateTime? lastSeenAt,
        bool isIdentified,
        string[] distinctIds,
        byte[] properties)
    {
        var facts = PersonFacts.Extract(properties);
        return new Person(id, uuid, createdAt, lastSeenAt, isIdentified, distinctIds, properties,
            facts);
    }

    /// <summary>Integer primary key.</summary>
    public long Id { get; }

    /// <summary>Person UUID.</summary>
    public Guid Uuid { get; }

    /// <summary>UUID in lowercase 8-4-4-4-12 form.</summary>
    public string UuidText => uuidText ??= Uuid.ToString("D");

    /// <summary>Creation time (UTC, microseconds).</summary>
    public DateTime CreatedAt { get; }

    /// <summary>Last time an event was seen, or null.</summary>
    public DateTime? LastSeenAt { get; }

    /// <summary>Whether the person was identified.</summary>
    public bool IsIdentified { get; }

    /// <summary>Distinct ids in the order they were attached (the database order).</summary>
    public string[] DistinctIds { get; }

    /// <summary>Distinct ids with non-anonymous ones first, as the API returns them.</summary>
    public string[] SortedDistinctIds => DistinctIdOrder.NonAnonymousFirst(DistinctIds);

    /// <summary>The list-shape JSON of this person.</summary>
    public ArraySegment<byte> ListJson { get; }

    /// <summary>
    /// Properties as a compact UTF-8 JSON object (a slice of <see cref="ListJson"/>).
    /// </summary>
    public ArraySegment<byte> Properties => ListJson.Slice(propertiesOffset, propertiesLength);

    /// <summary>A copy with other properties.</summary>
    public Person WithProperties(byte[] properties)
    {
        return Create(Id, Uuid, CreatedAt, LastSeenAt, IsIdentified, DistinctIds, properties);
    }

    /// <summary>A copy with other distinct ids.</summary>
    public Person WithDistinctIds(string[] distinctIds)
    {
        return new Person(Id, Uuid, CreatedAt, LastSeenAt, IsIdentified, distinctIds, Properties,
            PersonFacts.Extract(Properties));
    }

    /// <summary>A copy with another identified flag and last-seen time.</summary>
    public Person WithActivity(bool isIdentified, DateTime? lastSeenAt)
    {
        return new Person(Id, Uuid, CreatedAt, lastSeenAt, isIdentified, DistinctIds, Properties,
            PersonFacts.Extract(Properties));
    }

    /// <summary>Newest first: created_at descending, then id descending.</summary>
    public static int CompareNewestFirst(Person? left, Person? right)
    {
        if (ReferenceEquals(left, right))
        {
            return 0;
        }

        var byTime = right!.CreatedAt.CompareTo(left!.CreatedAt);
        return byTime != 0 ? byTime : right.Id.CompareTo(left.Id);
    }
}
