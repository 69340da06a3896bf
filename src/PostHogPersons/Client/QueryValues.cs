using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using PostHogPersons.Models;

namespace PostHogPersons.Client
{
    /// <summary>
    /// Converts the values of a query result by their ClickHouse column types (the
    /// <c>types</c> of PostHog's answer): String, UUID and other text stay strings;
    /// DateTime, DateTime64(6, 'UTC'), Date become <see cref="DateTimeOffset"/>; integer types
    /// become long (UInt64 beyond long as decimal); Float32/Float64 become double, Decimal
    /// decimal; Bool becomes bool; Nullable(T) and LowCardinality(T) follow T; Array(T) and
    /// Tuple(...) become object[]; JSON becomes <see cref="PHPropertyDictionary"/> and
    /// object[]. A type not known here keeps the JSON value as JsonValues reads it, so
    /// nothing is lost.
    /// </summary>
    public static class QueryValues
    {
        /// <summary>
        /// The converter for one column type; a null or empty type infers from the JSON.
        /// </summary>
        public static Func<JsonElement, object> ConverterFor(string type)
        {
            return string.IsNullOrWhiteSpace(type) ? JsonValues.ToObject : Build(type.Trim());
        }

        /// <summary>
        /// The value of a String column that holds PostHog's properties JSON, as a
        /// dictionary; other text is returned unchanged.
        /// </summary>
        public static object PropertiesFromText(object value)
        {
            if (value is string text && text.Length > 1 && text[0] == '{')
            {
                try
                {
                    using (JsonDocument document = JsonDocument.Parse(text))
                    {
                        return JsonValues.ToObject(document.RootElement);
                    }
                }
                catch (JsonException)
                {
                    return text;
                }
            }

            return value;
        }

        private static Func<JsonElement, object> Build(string type)
        {
            string name = Name(type, out List<string> args);
            switch (name)
            {
                case "Nullable":
                case "LowCardinality":
                case "SimpleAggregateFunction":
                    Func<JsonElement, object> inner = args.Count > 0
                        ? Build(args[args.Count - 1])
                        : JsonValues.ToObject;
                    return element =>
                        element.ValueKind == JsonValueKind.Null ? null : inner(element);
                case "Array":
                    Func<JsonElement, object> item = args.Count > 0
                        ? Build(args[0])
                        : JsonValues.ToObject;
                    return element => Sequence(element, _ => item);
                case "Tuple":
                    var items = args.ConvertAll(a => Build(StripName(a)));
                    return element => Sequence(
                        element, i => i < items.Count ? items[i] : JsonValues.ToObject);
                case "String":
                case "FixedString":
                case "UUID":
                case "Enum8":
                case "Enum16":
                case "IPv4":
                case "IPv6":
                    return Text;
                case "DateTime":
                case "DateTime64":
                case "Date":
                case "Date32":
                    return Time;
                case "Int8":
                case "Int16":
                case "Int32":
                case "Int64":
                case "UInt8":
                case "UInt16":
                case "UInt32":
                case "UInt64":
                case "Int128":
                case "UInt128":
                case "Int256":
                case "UInt256":
                    return Whole;
                case "Float32":
                case "Float64":
                    return Floating;
                case "Decimal":
                case "Decimal32":
                case "Decimal64":
                case "Decimal128":
                case "Decimal256":
                    return Exact;
                case "Bool":
                case "Boolean":
                    return Flag;
                case "Nothing":
                    return _ => null;
                case "JSON":
                case "Object":
                    return Json;
                default:
                    return JsonValues.ToObject;
            }
        }

        private static object Text(JsonElement element) =>
            element.ValueKind == JsonValueKind.String
                ? element.GetString()
                : JsonValues.ToObject(element);

        private static object Time(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.String)
            {
                string text = element.GetString();
                if (DateTimeOffset.TryParse(
                    text,
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces,
                    out DateTimeOffset stamp))
                {
                    return stamp;
                }

                return text;
            }

            if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out long seconds))
            {
                return DateTimeOffset.FromUnixTimeSeconds(seconds);
            }

            return JsonValues.ToObject(element);
        }

        private static object Whole(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Number)
            {
                if (element.TryGetInt64(out long whole))
                {
                    return whole;
                }

                if (element.TryGetDecimal(out decimal big))
                {
                    return big;
                }

                return element.GetRawText();
            }

            if (element.ValueKind == JsonValueKind.String)
            {
                string text = element.GetString();
                if (long.TryParse(
                    text,
                    NumberStyles.AllowLeadingSign,
                    CultureInfo.InvariantCulture,
                    out long parsed))
                {
                    return parsed;
                }

                if (decimal.TryParse(
                    text,
                    NumberStyles.AllowLeadingSign,
                    CultureInfo.InvariantCulture,
                    out decimal big))
                {
                    return big;
                }

                return text;
            }

            return Flag(element);
        }

        private static object Floating(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Number)
            {
                return element.GetDouble();
            }

            if (element.ValueKind == JsonValueKind.String)
            {
                string text = element.GetString();
                switch (text.ToLowerInvariant())
                {
                    case "nan":
                        return double.NaN;
                    case "inf":
                    case "+inf":
                        return double.PositiveInfinity;
                    case "-inf":
                        return double.NegativeInfinity;
                }

                return double.TryParse(
                    text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed)
                    ? parsed
                    : (object)text;
            }

            return JsonValues.ToObject(element);
        }

        private static object Exact(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Number
                && element.TryGetDecimal(out decimal number))
            {
                return number;
            }

            if (element.ValueKind == JsonValueKind.String
                && decimal.TryParse(
                    element.GetString(),
                    NumberStyles.Float,
                    CultureInfo.InvariantCulture,
                    out decimal parsed))
            {
                return parsed;
            }

            return JsonValues.ToObject(element);
        }

        private static object Flag(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                case JsonValueKind.Number when element.TryGetInt64(out long number):
                    return number != 0;
                case JsonValueKind.String when bool.TryParse(element.GetString(), out bool parsed):
                    return parsed;
                default:
                    return JsonValues.ToObject(element);
            }
        }

        private static object Json(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.String)
            {
                string text = element.GetString();
                try
                {
                    using (JsonDocument document = JsonDocument.Parse(text))
                    {
                        return JsonValues.ToObject(document.RootElement);
                    }
                }
                catch (JsonException)
                {
                    return text;
                }
            }

            return JsonValues.ToObject(element);
        }

        private static object Sequence(
            JsonElement element, Func<int, Func<JsonElement, object>> converter)
        {
            if (element.ValueKind != JsonValueKind.Array)
            {
                return JsonValues.ToObject(element);
            }

            var items = new object[element.GetArrayLength()];
            int index = 0;
            foreach (JsonElement item in element.EnumerateArray())
            {
                items[index] = item.ValueKind == JsonValueKind.Null ? null : converter(index)(item);
                index++;
            }

            return items;
        }

        /// <summary>Splits "Name(a, b(c, d))" into Name and its top-level arguments.</summary>
        private static string Name(string type, out List<string> args)
        {
            args = new List<string>();
            int open = type.IndexOf('(');
            if (open < 0 || !type.EndsWith(")", StringComparison.Ordinal))
            {
                return type;
            }

            int depth = 0;
            int start = open + 1;
            bool quoted = false;
            for (int i = open + 1; i < type.Length - 1; i++)
            {
                char c = type[i];
                if (c == '\'')
                {
                    quoted = !quoted;
                }
                else if (!quoted && c == '(')
                {
                    depth++;
                }
                else if (!quoted && c == ')')
                {
                    depth--;
                }
                else if (!quoted && depth == 0 && c == ',')
                {
                    args.Add(type.Substring(start, i - start).Trim());
                    start = i + 1;
                }
            }

            args.Add(type.Substring(start, type.Length - 1 - start).Trim());
            return type.Substring(0, open).Trim();
        }

        /// <summary>"name String" (a named tuple element) → "String".</summary>
        private static string StripName(string element)
        {
            int space = element.IndexOf(' ');
            int paren = element.IndexOf('(');
            return space > 0 && (paren < 0 || space < paren)
                ? element.Substring(space + 1).Trim()
                : element;
        }
    }
}
