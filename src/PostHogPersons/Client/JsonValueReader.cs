using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text.Json;
using PostHogPersons.Models;

namespace PostHogPersons.Client
{
    /// <summary>
    /// Builds the values of <see cref="JsonValues.ToObject"/> (case-sensitive
    /// <see cref="PHPropertyDictionary"/>, object[], string, long, double, bool, null) straight
    /// from a <see cref="Utf8JsonReader"/>. Keys and short values that repeat share one string;
    /// each dictionary starts as large as the last one of its depth.
    /// </summary>
    internal sealed class JsonValueReader
    {
        private const int MaxDepth = 64;

        private static readonly object True = true;
        private static readonly object False = false;
        private static readonly object[] SmallNumbers = CreateSmallNumbers();

        // One reader per thread for properties built after their page was read (PHPerson),
        // so that the keys of persons read on the same thread share their strings.
        [ThreadStatic]
        private static JsonValueReader _deferred;

        private readonly Utf8StringCache _keys = new Utf8StringCache();
        private readonly Utf8StringCache _values = new Utf8StringCache();
        private readonly int[] _sizes = new int[MaxDepth + 1];
        private readonly List<object>[] _lists = new List<object>[MaxDepth + 1];

        /// <summary>
        /// Builds the dictionary of a JSON object held as UTF-8 text that has already been
        /// read once (so it is known to be well-formed).
        /// </summary>
        public static PHPropertyDictionary ReadObject(byte[] utf8Object)
        {
            JsonValueReader values = _deferred ?? (_deferred = new JsonValueReader());
            var reader = new Utf8JsonReader(utf8Object, new JsonReaderOptions { MaxDepth = MaxDepth });
            if (!reader.Read() || !values.TryReadObject(ref reader, out PHPropertyDictionary read))
            {
                throw new JsonException("The properties of a person are not one JSON object.");
            }

            return read;
        }

        /// <summary>
        /// Reads the value whose first token is the current one, leaving the reader on its
        /// last token; false when the data ends first.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public bool TryRead(ref Utf8JsonReader reader, out object value)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    bool read = TryReadObject(ref reader, out PHPropertyDictionary dictionary);
                    value = dictionary;
                    return read;
                case JsonTokenType.StartArray:
                    return TryReadArray(ref reader, out value);
                case JsonTokenType.String:
                    value = _values.Get(ref reader);
                    return true;
                case JsonTokenType.Number:
                    if (reader.TryGetInt64(out long whole))
                    {
                        value = whole >= 0 && whole < SmallNumbers.Length ? SmallNumbers[whole] : whole;
                        return true;
                    }

                    double real = reader.GetDouble();
                    value = JsonValues.IsFinite(real) ? (object)real : NumberText(ref reader);
                    return true;
                case JsonTokenType.True:
                    value = True;
                    return true;
                case JsonTokenType.False:
                    value = False;
                    return true;
                default:
                    value = null;
                    return true;
            }
        }

        /// <summary>Reads the object whose StartObject is the current token.</summary>
        [MethodImpl(HotPath.Optimized)]
        public bool TryReadObject(ref Utf8JsonReader reader, out PHPropertyDictionary dictionary)
        {
            int depth = reader.CurrentDepth;
            dictionary = new PHPropertyDictionary(_sizes[depth]);
            while (true)
            {
                if (!reader.Read())
                {
                    return false;
                }

                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    _sizes[depth] = dictionary.Count;
                    return true;
                }

                string key = _keys.Get(ref reader);
                if (!reader.Read() || !TryRead(ref reader, out object value))
                {
                    return false;
                }

                // The last duplicate key wins, as in PostHog's own JSON handling.
                dictionary[key] = value;
            }
        }

        [MethodImpl(HotPath.Optimized)]
        private bool TryReadArray(ref Utf8JsonReader reader, out object value)
        {
            int depth = reader.CurrentDepth;
            List<object> items = _lists[depth] ?? (_lists[depth] = new List<object>());
            items.Clear();
            value = null;
            while (true)
            {
                if (!reader.Read())
                {
                    return false;
                }

                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    value = items.ToArray();
                    items.Clear();
                    return true;
                }

                if (!TryRead(ref reader, out object item))
                {
                    return false;
                }

                items.Add(item);
            }
        }

        /// <summary>The text of a number beyond double's range (see JsonValues.ToObject).</summary>
        private static string NumberText(ref Utf8JsonReader reader) =>
            System.Text.Encoding.UTF8.GetString(reader.ValueSpan.ToArray());

        private static object[] CreateSmallNumbers()
        {
            var numbers = new object[1024];
            for (int i = 0; i < numbers.Length; i++)
            {
                numbers[i] = (long)i;
            }

            return numbers;
        }
    }
}
