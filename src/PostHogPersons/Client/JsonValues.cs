using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Security;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PostHogPersons.Models;

namespace PostHogPersons.Client
{
    /// <summary>
    /// Converts between JSON and the values PowerShell users hold: JSON objects become
    /// case-sensitive <see cref="PHPropertyDictionary"/> instances and arrays object[];
    /// hashtables, ordered dictionaries, PSCustomObjects and arrays are written back at
    /// full depth, with $null as JSON null.
    /// </summary>
    public static class JsonValues
    {
        private const int MaxDepth = 64;

        /// <summary>
        /// Writer options for request bodies and text forms: unicode stays readable
        /// (the output is never embedded in HTML).
        /// </summary>
        public static readonly JsonWriterOptions WriterOptions = new JsonWriterOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        /// <summary>A JSON value as a .NET value (see the class summary for the mapping).</summary>
        public static object ToObject(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    var dictionary = new PHPropertyDictionary();
                    foreach (JsonProperty property in element.EnumerateObject())
                    {
                        // The last duplicate key wins, as in PostHog's own JSON handling.
                        dictionary[property.Name] = ToObject(property.Value);
                    }

                    return dictionary;
                case JsonValueKind.Array:
                    var items = new object[element.GetArrayLength()];
                    int index = 0;
                    foreach (JsonElement item in element.EnumerateArray())
                    {
                        items[index++] = ToObject(item);
                    }

                    return items;
                case JsonValueKind.String:
                    return element.GetString();
                case JsonValueKind.Number:
                    if (element.TryGetInt64(out long whole))
                    {
                        return whole;
                    }

                    // Limitation: a number beyond double's range (1e400) has no .NET number
                    // form here, so it is kept as its text, a string.
                    double real = element.GetDouble();
                    return IsFinite(real) ? (object)real : element.GetRawText();
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                default:
                    return null;
            }
        }

        /// <summary>The value as compact JSON text.</summary>
        public static string ToJson(object value)
        {
            return Encoding.UTF8.GetString(ToJsonBytes(value));
        }

        /// <summary>The value as compact UTF-8 JSON.</summary>
        public static byte[] ToJsonBytes(object value)
        {
            using (var stream = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(stream, WriterOptions))
                {
                    Write(writer, value);
                }

                return stream.ToArray();
            }
        }

        /// <summary>Writes any PowerShell value as JSON at full depth.</summary>
        /// <exception cref="ArgumentException">The value nests deeper than 64 levels
        /// (usually a cycle) or is a SecureString.</exception>
        public static void Write(Utf8JsonWriter writer, object value)
        {
            Write(writer, value, 0);
        }

        private static void Write(Utf8JsonWriter writer, object value, int depth)
        {
            if (depth > MaxDepth)
            {
                throw new ArgumentException(
                    $"The value nests deeper than {MaxDepth} levels; it may refer to itself.");
            }

            if (value is PSObject wrapped)
            {
                if (wrapped.BaseObject is PSCustomObject)
                {
                    WritePSCustomObject(writer, wrapped, depth);
                    return;
                }

                value = wrapped.BaseObject;
            }

            switch (value)
            {
                case null:
                    writer.WriteNullValue();
                    return;
                case string text:
                    writer.WriteStringValue(text);
                    return;
                case char character:
                    writer.WriteStringValue(character.ToString());
                    return;
                case bool flag:
                    writer.WriteBooleanValue(flag);
                    return;
                case SwitchParameter switchValue:
                    writer.WriteBooleanValue(switchValue.IsPresent);
                    return;
                case DateTime dateTime:
                    writer.WriteStringValue(dateTime.ToString("o", CultureInfo.InvariantCulture));
                    return;
                case DateTimeOffset offset:
                    writer.WriteStringValue(offset.ToString("o", CultureInfo.InvariantCulture));
                    return;
                case Guid guid:
                    writer.WriteStringValue(guid.ToString());
                    return;
                case Enum enumValue:
                    writer.WriteStringValue(enumValue.ToString());
                    return;
                case SecureString _:
                    throw new ArgumentException(
                        "A SecureString cannot be sent as a property value.");
                case IDictionary dictionary:
                    WriteDictionary(writer, dictionary, depth);
                    return;
                case IEnumerable sequence:
                    writer.WriteStartArray();
                    foreach (object item in sequence)
                    {
                        Write(writer, item, depth + 1);
                    }

                    writer.WriteEndArray();
                    return;
            }

            if (!WriteNumber(writer, value))
            {
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
            }
        }

        private static bool WriteNumber(Utf8JsonWriter writer, object value)
        {
            switch (value)
            {
                case int n: writer.WriteNumberValue(n); return true;
                case long n: writer.WriteNumberValue(n); return true;
                case short n: writer.WriteNumberValue(n); return true;
                case byte n: writer.WriteNumberValue(n); return true;
                case sbyte n: writer.WriteNumberValue(n); return true;
                case ushort n: writer.WriteNumberValue(n); return true;
                case uint n: writer.WriteNumberValue(n); return true;
                case ulong n: writer.WriteNumberValue(n); return true;
                case decimal n: writer.WriteNumberValue(n); return true;
                case float n: WriteFloating(writer, n); return true;
                case double n: WriteFloating(writer, n); return true;
                default: return false;
            }
        }

        private static void WriteFloating(Utf8JsonWriter writer, double number)
        {
            if (double.IsNaN(number) || double.IsInfinity(number))
            {
                throw new ArgumentException("NaN and infinity have no JSON form.");
            }

            writer.WriteNumberValue(number);
        }

        private static void WriteDictionary(
            Utf8JsonWriter writer, IDictionary dictionary, int depth)
        {
            writer.WriteStartObject();
            foreach (DictionaryEntry entry in dictionary)
            {
                writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture));
                Write(writer, entry.Value, depth + 1);
            }

            writer.WriteEndObject();
        }

        private static void WritePSCustomObject(Utf8JsonWriter writer, PSObject value, int depth)
        {
            writer.WriteStartObject();
            foreach (PSPropertyInfo property in value.Properties)
            {
                writer.WritePropertyName(property.Name);
                Write(writer, property.Value, depth + 1);
            }

            writer.WriteEndObject();
        }

        /// <summary>Whether <paramref name="number"/> is neither infinite nor NaN.</summary>
        internal static bool IsFinite(double number) =>
            !double.IsNaN(number) && !double.IsInfinity(number);

        /// <summary>Reads a string property, or null when it is absent or not a string.</summary>
        internal static string GetString(this JsonElement element, string name)
        {
            return element.TryGetProperty(name, out JsonElement value)
                && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }

        /// <summary>Reads an ISO 8601 timestamp property, or null.</summary>
        internal static DateTimeOffset? GetTimestamp(this JsonElement element, string name)
        {
            string text = element.GetString(name);
            if (text != null && DateTimeOffset.TryParse(
                text,
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal,
                out DateTimeOffset stamp))
            {
                return stamp;
            }

            return null;
        }

        /// <summary>Reads a JSON array of strings, skipping anything else.</summary>
        internal static List<string> GetStrings(this JsonElement element, string name)
        {
            var list = new List<string>();
            if (element.TryGetProperty(name, out JsonElement array)
                && array.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement item in array.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String)
                    {
                        list.Add(item.GetString());
                    }
                }
            }

            return list;
        }

        /// <summary>Reads a whole-number property that fits an int, or null.</summary>
        internal static int? GetInt32OrNull(this JsonElement element, string name)
        {
            return element.TryGetProperty(name, out JsonElement value)
                && value.ValueKind == JsonValueKind.Number
                && value.TryGetInt32(out int number)
                ? number
                : (int?)null;
        }

        /// <summary>Reads a true or false property, or null when it is absent or neither.</summary>
        internal static bool? GetBooleanOrNull(this JsonElement element, string name)
        {
            if (!element.TryGetProperty(name, out JsonElement value))
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.True ? true
                : value.ValueKind == JsonValueKind.False ? false
                : (bool?)null;
        }

        /// <summary>Whether a property is present and true.</summary>
        internal static bool IsTrue(this JsonElement element, string name) =>
            element.TryGetProperty(name, out JsonElement value)
            && value.ValueKind == JsonValueKind.True;
    }
}
