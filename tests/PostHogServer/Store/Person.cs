namespace PostHogServer.Store;

/// <summary>
/// One stored person. Instances never change: an update makes a new instance, so a reader
/// always sees a whole person and each instance can cache its serialized list JSON.
/// </summary>
public sealed class Person
{
    private byte[]? listJson;

    /// <summary>Creates a person; <paramref name="facts"/> must match the properties.</summary>
    public Person(
        long id,
        Guid uuid,
        DateTime createdAt,
        DateTime? lastSeenAt,
        bool isIdentified,
        string[] distinctIds,
        byte[] propertiesJson,
        PersonFacts facts)
    {
        Id = id;
        Uuid = uuid;
        UuidText = uuid.ToString("D");
        CreatedAt = createdAt;
        LastSeenAt = lastSeenAt;
        IsIdentified = isIdentified;
        DistinctIds = distinctIds;
        SortedDistinctIds = DistinctIdOrder.NonAnonymousFirst(distinctIds);
        PropertiesJson = propertiesJson;
        Facts = facts;
    }

    /// <summary>Integer primary key.</summary>
    public long Id { get; }

    /// <summary>Person UUID.</summary>
    public Guid Uuid { get; }

    /// <summary>UUID in lowercase 8-4-4-4-12 form.</summary>
    public string UuidText { get; }

    /// <summary>Creation time (UTC, microseconds).</summary>
    public DateTime CreatedAt { get; }

    /// <summary>Last time an event was seen, or null.</summary>
    public DateTime? LastSeenAt { get; }

    /// <summary>Whether the person was identified.</summary>
    public bool IsIdentified { get; }

    /// <summary>Distinct ids in the order they were attached (the database order).</summary>
    public string[] DistinctIds { get; }

    /// <summary>Distinct ids with non-anonymous ones first, as the API returns them.</summary>
    public string[] SortedDistinctIds { get; }

    /// <summary>Properties as a compact UTF-8 JSON object.</summary>
    public byte[] PropertiesJson { get; }

    /// <summary>Values derived from the properties.</summary>
    public PersonFacts Facts { get; }

    /// <summary>The list-shape JSON of this person, built once.</summary>
    public byte[] ListJson => listJson ??= PersonJson.ListItem(this);

    /// <summary>A copy with other properties.</summary>
    public Person WithProperties(byte[] propertiesJson)
    {
        return new Person(Id, Uuid, CreatedAt, LastSeenAt, IsIdentified, DistinctIds,
            propertiesJson, PersonFacts.Extract(propertiesJson));
    }

    /// <summary>A copy with other distinct ids.</summary>
    public Person WithDistinctIds(string[] distinctIds)
    {
        return new Person(Id, Uuid, CreatedAt, LastSeenAt, IsIdentified, distinctIds,
            PropertiesJson, Facts);
    }

    /// <summary>A copy with another identified flag and last-seen time.</summary>
    public Person WithActivity(bool isIdentified, DateTime? lastSeenAt)
    {
        return new Person(Id, Uuid, CreatedAt, lastSeenAt, isIdentified, DistinctIds,
            PropertiesJson, Facts);
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
