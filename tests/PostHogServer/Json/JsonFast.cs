using System.Text.Json;

namespace PostHogServer.Json;

/// <summary>Writes values that need no escaping (UUIDs) straight into a JSON writer.</summary>
public static class JsonFast
{
    /// <summary>Writes a UUID as a lowercase 8-4-4-4-12 JSON string.</summary>
    public static void WriteUuid(Utf8JsonWriter writer, Guid uuid)
    {
        Span<byte> quoted = stackalloc byte[38];
        quoted[0] = (byte)'"';
        uuid.TryFormat(quoted[1..], out _, "D");
        quoted[37] = (byte)'"';
        writer.WriteRawValue(quoted, skipInputValidation: true);
    }

    /// <summary>Writes a property name followed by a UUID value.</summary>
    public static void WriteUuid(Utf8JsonWriter writer, JsonEncodedText name, Guid uuid)
    {
        writer.WritePropertyName(name);
        WriteUuid(writer, uuid);
    }
}
