using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PostHogServer.Store;

/// <summary>
/// Kinds of JSON value a person property can hold; Missing when the key is absent.
/// </summary>
public enum PropertyKind
{
    /// <summary>The key is not present.</summary>
    Missing,

    /// <summary>JSON null.</summary>
    Null,

    /// <summary>JSON string.</summary>
    String,

    /// <summary>JSON number.</summary>
    Number,

    /// <summary>JSON true or false.</summary>
    Boolean,

    /// <summary>JSON array.</summary>
    Array,

    /// <summary>JSON object.</summary>
    Object,
}

/// <summary>
/// One property value found in a person's properties. <see cref="Text"/> is the value as
/// ClickHouse compares it: the string itself, or the JSON text of any other value.
/// </summary>
public readonly struct PropertyValue
{
    private readonly byte[]? source;
    private readonly int start;
    private readonly int length;
    private readonly string? text;

    /// <summary>Creates a value over a slice of the properties JSON.</summary>
    public PropertyValue(PropertyKind kind, byte[] source, int start, int length, string? text)
    {
        Kind = kind;
        this.source = source;
        this.start = start;
        this.length = length;
        this.text = text;
    }

    /// <summary>The value kind.</summary>
    public PropertyKind Kind { get; }

    /// <summary>True when the key exists and its value is not null.</summary>
    public bool IsSet => Kind is not (PropertyKind.Missing or PropertyKind.Null);

    /// <summary>Comparable text of the value; null when missing or null.</summary>
    public string? Text => Kind switch
    {
        PropertyKind.Missing or PropertyKind.Null => null,
        PropertyKind.String => text,
        _ => Encoding.UTF8.GetString(source!, start, length),
    };

    /// <summary>The raw JSON of the value.</summary>
    public byte[]? RawJson =>
        Kind == PropertyKind.Missing ? null : source.AsSpan(start, length).ToArray();

    /// <summary>Python truthiness: not null, not empty, not zero, not false.</summary>
    public bool IsTruthy => Kind switch
    {
        PropertyKind.String => !string.IsNullOrEmpty(text),
        PropertyKind.Number => double.TryParse(Text, NumberStyles.Float,
            CultureInfo.InvariantCulture, out var number) && number != 0,
        PropertyKind.Boolean => source![start] == (byte)'t',
        PropertyKind.Array or PropertyKind.Object => !IsEmptyContainer(),
        _ => false,
    };

    /// <summary>Reads the value as a number when it is a number or numeric string.</summary>
    public bool TryGetNumber(out double number)
    {
        number = 0;
        return Kind is PropertyKind.Number or PropertyKind.String && double.TryParse(Text,
            NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }

    private bool IsEmptyContainer()
    {
        for (var i = start + 1; i < start + length - 1; i++)
        {
            if (source![i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }
}
