using System.Text.Json;

namespace PostHogServer.Store;

/// <summary>
/// Finds one top-level key in a person's UTF-8 properties JSON without parsing it all.
/// </summary>
public static class PropertyReader
{
    /// <summary>
    /// Returns the value stored under <paramref name="key"/> (exact, case-sensitive).
    /// </summary>
    public static PropertyValue Find(ArraySegment<byte> properties, string key)
    {
        var reader = new Utf8JsonReader(properties);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return default;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var matches = reader.ValueTextEquals(key);
            reader.Read();
            if (matches)
            {
                return ReadValue(ref reader, properties.Array!, properties.Offset);
            }

            reader.Skip();
        }

        return default;
    }

    private static PropertyValue ReadValue(ref Utf8JsonReader reader, byte[] source, int offset)
    {
        var start = offset + (int)reader.TokenStartIndex;
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                var text = reader.GetString();
                var end = offset + (int)reader.BytesConsumed;
                return new PropertyValue(PropertyKind.String, source, start, end - start, text);
            case JsonTokenType.Number:
                return Scalar(PropertyKind.Number, ref reader, source, start, offset);
            case JsonTokenType.True:
            case JsonTokenType.False:
                return Scalar(PropertyKind.Boolean, ref reader, source, start, offset);
            case JsonTokenType.Null:
                return Scalar(PropertyKind.Null, ref reader, source, start, offset);
            case JsonTokenType.StartArray:
            case JsonTokenType.StartObject:
                var kind = reader.TokenType == JsonTokenType.StartArray
                    ? PropertyKind.Array
                    : PropertyKind.Object;
                reader.Skip();
                var stop = offset + (int)reader.BytesConsumed;
                return new PropertyValue(kind, source, start, stop - start, null);
            default:
                return default;
        }
    }

    private static PropertyValue Scalar(
        PropertyKind kind,
        ref Utf8JsonReader reader,
        byte[] source,
        int start,
        int offset)
    {
        var length = offset + (int)reader.BytesConsumed - start;
        return new PropertyValue(kind, source, start, length, null);
    }
}
