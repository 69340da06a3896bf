using System.Globalization;
using System.Text.Json;
using PostHogServer.Json;

namespace PostHogServer.Store;

/// <summary>
/// The two JSON shapes of a person: the list shape (SerializedPerson, id = UUID string) and
/// the record shape (PersonRecord, id = integer) returned by retrieve.
/// </summary>
public static class PersonJson
{
    /// <summary>Most distinct ids the list shape returns per person.</summary>
    public const int ListDistinctIdLimit = 1000;

    private static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText PersonType = JsonEncodedText.Encode("person");
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText Uuid = JsonEncodedText.Encode("uuid");
    private static readonly JsonEncodedText CreatedAt = JsonEncodedText.Encode("created_at");
    private static readonly JsonEncodedText LastSeenAt = JsonEncodedText.Encode("last_seen_at");
    private static readonly JsonEncodedText Properties = JsonEncodedText.Encode("properties");
    private static readonly JsonEncodedText IsIdentified = JsonEncodedText.Encode("is_identified");
    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText DistinctIds = JsonEncodedText.Encode("distinct_ids");
    private static readonly JsonEncodedText Recordings = Encode("matched_recordings");
    private static readonly JsonEncodedText ValueAtDataPoint = Encode("value_at_data_point");

    /// <summary>
    /// Builds the list-shape bytes (keys in PostHog's order) around the given properties;
    /// <paramref name="propertiesOffset"/> tells where the properties start in the result.
    /// </summary>
    public static ArraySegment<byte> ListItem(
        Person person,
        ReadOnlySpan<byte> properties,
        PersonFacts facts,
        JsonArena? arena,
        out int propertiesOffset)
    {
        using var lease = JsonBuffer.Rent();
        var writer = lease.Writer;
        writer.WriteStartObject();
        writer.WriteString(Type, PersonType);
        JsonFast.WriteUuid(writer, Id, person.Uuid);
        JsonFast.WriteUuid(writer, Uuid, person.Uuid);
        writer.WritePropertyName(CreatedAt);
        Timestamps.Write(writer, person.CreatedAt);
        writer.WritePropertyName(LastSeenAt);
        Timestamps.Write(writer, person.LastSeenAt);
        writer.WritePropertyName(Properties);
        propertiesOffset = lease.Position;
        writer.WriteRawValue(properties, skipInputValidation: true);
        writer.WriteBoolean(IsIdentified, person.IsIdentified);
        writer.WritePropertyName(Name);
        var sorted = person.SortedDistinctIds;
        if (!WriteDisplayName(writer, facts, sorted))
        {
            JsonFast.WriteUuid(writer, person.Uuid);
        }

        WriteDistinctIds(writer, sorted, ListDistinctIdLimit);
        writer.WriteStartArray(Recordings);
        writer.WriteEndArray();
        writer.WriteNull(ValueAtDataPoint);
        writer.WriteEndObject();
        return arena is null ? lease.ToArray() : arena.Store(lease.Written);
    }

    /// <summary>Builds the record-shape bytes.</summary>
    public static byte[] Record(Person person)
    {
        return JsonBuffer.Build(person, WriteRecord);
    }

    /// <summary>Writes the record shape (retrieve).</summary>
    public static void WriteRecord(Utf8JsonWriter writer, Person person)
    {
        writer.WriteStartObject();
        writer.WriteNumber(Id, person.Id);
        writer.WritePropertyName(Name);
        var sorted = person.SortedDistinctIds;
        if (!WriteDisplayName(writer, PersonFacts.Extract(person.Properties), sorted))
        {
            writer.WriteStringValue(person.Id.ToString(CultureInfo.InvariantCulture));
        }

        WriteDistinctIds(writer, sorted, int.MaxValue);
        writer.WritePropertyName(Properties);
        writer.WriteRawValue(person.Properties, skipInputValidation: true);
        writer.WritePropertyName(CreatedAt);
        Timestamps.Write(writer, person.CreatedAt);
        JsonFast.WriteUuid(writer, Uuid, person.Uuid);
        writer.WritePropertyName(LastSeenAt);
        Timestamps.Write(writer, person.LastSeenAt);
        writer.WriteEndObject();
    }

    /// <summary>
    /// Display name: first truthy of email, name, username; else the first distinct id
    /// (non-anonymous first). False when neither exists: the caller writes the person key
    /// (UUID in lists, integer id in records).
    /// </summary>
    private static bool WriteDisplayName(Utf8JsonWriter writer, PersonFacts facts, string[] sorted)
    {
        if (facts.DisplayNameText is { } text)
        {
            writer.WriteStringValue(text);
        }
        else if (facts.DisplayNameJson is { } raw)
        {
            writer.WriteRawValue(raw, skipInputValidation: true);
        }
        else if (sorted.Length > 0)
        {
            writer.WriteStringValue(sorted[0]);
        }
        else
        {
            return false;
        }

        return true;
    }

    private static JsonEncodedText Encode(string name) => JsonEncodedText.Encode(name);

    private static void WriteDistinctIds(Utf8JsonWriter writer, string[] ids, int limit)
    {
        writer.WriteStartArray(DistinctIds);
        var count = Math.Min(limit, ids.Length);
        for (var i = 0; i < count; i++)
        {
            writer.WriteStringValue(ids[i]);
        }

        writer.WriteEndArray();
    }
}
