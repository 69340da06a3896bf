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

    /// <summary>Builds the list-shape bytes; keys in PostHog's order.</summary>
    public static byte[] ListItem(Person person)
    {
        return JsonBuffer.Build(person, WriteListItem);
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
        writer.WriteNumber("id", person.Id);
        writer.WritePropertyName("name");
        WriteName(writer, person, person.Id.ToString(CultureInfo.InvariantCulture));
        WriteDistinctIds(writer, person.SortedDistinctIds, int.MaxValue);
        writer.WritePropertyName("properties");
        writer.WriteRawValue(person.PropertiesJson, skipInputValidation: true);
        writer.WritePropertyName("created_at");
        Timestamps.Write(writer, person.CreatedAt);
        writer.WriteString("uuid", person.UuidText);
        writer.WritePropertyName("last_seen_at");
        Timestamps.Write(writer, person.LastSeenAt);
        writer.WriteEndObject();
    }

    private static void WriteListItem(Utf8JsonWriter writer, Person person)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "person");
        writer.WriteString("id", person.UuidText);
        writer.WriteString("uuid", person.UuidText);
        writer.WritePropertyName("created_at");
        Timestamps.Write(writer, person.CreatedAt);
        writer.WritePropertyName("last_seen_at");
        Timestamps.Write(writer, person.LastSeenAt);
        writer.WritePropertyName("properties");
        writer.WriteRawValue(person.PropertiesJson, skipInputValidation: true);
        writer.WriteBoolean("is_identified", person.IsIdentified);
        writer.WritePropertyName("name");
        WriteName(writer, person, person.UuidText);
        WriteDistinctIds(writer, person.SortedDistinctIds, ListDistinctIdLimit);
        writer.WriteStartArray("matched_recordings");
        writer.WriteEndArray();
        writer.WriteNull("value_at_data_point");
        writer.WriteEndObject();
    }

    /// <summary>
    /// Display name: first truthy of email, name, username; else the first distinct id
    /// (non-anonymous first); else the person key (UUID in lists, integer id in records).
    /// </summary>
    private static void WriteName(Utf8JsonWriter writer, Person person, string key)
    {
        if (person.Facts.DisplayNameJson is { } raw)
        {
            writer.WriteRawValue(raw, skipInputValidation: true);
        }
        else
        {
            writer.WriteStringValue(person.SortedDistinctIds.Length > 0
                ? person.SortedDistinctIds[0]
                : key);
        }
    }

    private static void WriteDistinctIds(Utf8JsonWriter writer, string[] ids, int limit)
    {
        writer.WriteStartArray("distinct_ids");
        var count = Math.Min(limit, ids.Length);
        for (var i = 0; i < count; i++)
        {
            writer.WriteStringValue(ids[i]);
        }

        writer.WriteEndArray();
    }
}
