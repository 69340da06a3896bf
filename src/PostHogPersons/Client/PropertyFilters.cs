using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Text.Json;
using PostHogPersons.Models;

namespace PostHogPersons.Client
{
    /// <summary>
    /// Reads what users pass to -Property — hashtables of exact matches, filter hashtables
    /// with key and operator, bare keys (is_set), or <see cref="PHPropertyFilter"/> objects —
    /// and writes the JSON array PostHog's list endpoint expects in its <c>properties</c>
    /// parameter.
    /// </summary>
    public static class PropertyFilters
    {
        /// <summary>Every filter described by <paramref name="input"/>, in order.</summary>
        /// <exception cref="ArgumentException">An element cannot be read as a filter.</exception>
        public static List<PHPropertyFilter> Read(IEnumerable<object> input)
        {
            var filters = new List<PHPropertyFilter>();
            foreach (object raw in input ?? Enumerable.Empty<object>())
            {
                object item = raw is PSObject wrapped ? wrapped.BaseObject : raw;
                switch (item)
                {
                    case null:
                        throw new ArgumentException("A -Property element is null.");
                    case PHPropertyFilter filter:
                        filters.Add(filter);
                        break;
                    case IDictionary dictionary:
                        filters.AddRange(FromDictionary(dictionary));
                        break;
                    case string key:
                        // A bare key (what tab completion inserts) means "has this property".
                        filters.Add(new PHPropertyFilter(key, "is_set", null));
                        break;
                    case PSCustomObject _:
                        filters.Add(FromObject((PSObject)raw));
                        break;
                    default:
                        throw new ArgumentException(
                            "-Property takes hashtables (@{plan='pro'} or "
                            + "@{key='age'; operator='gt'; value=30}), property keys or "
                            + $"PHPropertyFilter objects, not {item.GetType().Name}.");
                }
            }

            return filters;
        }

        /// <summary>The filters as PostHog's JSON array of person property filters.</summary>
        public static string ToJson(IEnumerable<PHPropertyFilter> filters)
        {
            using (var stream = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(stream, JsonValues.WriterOptions))
                {
                    writer.WriteStartArray();
                    foreach (PHPropertyFilter filter in filters)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("key", filter.Key);
                        if (filter.Value != null)
                        {
                            writer.WritePropertyName("value");
                            JsonValues.Write(writer, filter.Value);
                        }

                        writer.WriteString("operator", filter.Operator);
                        writer.WriteString("type", "person");
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                }

                return Encoding.UTF8.GetString(stream.ToArray());
            }
        }

        private static IEnumerable<PHPropertyFilter> FromDictionary(IDictionary dictionary)
        {
            object key = Find(dictionary, "key");
            object op = Find(dictionary, "operator");
            if (key != null && op != null)
            {
                object value = Unwrap(Find(dictionary, "value"));
                return new[] { new PHPropertyFilter(key.ToString(), op.ToString(), value) };
            }

            var exact = new List<PHPropertyFilter>();
            foreach (DictionaryEntry entry in dictionary)
            {
                object value = Unwrap(entry.Value);
                exact.Add(value == null
                    ? new PHPropertyFilter(entry.Key.ToString(), "is_not_set", null)
                    : new PHPropertyFilter(entry.Key.ToString(), "exact", value));
            }

            return exact;
        }

        private static PHPropertyFilter FromObject(PSObject value)
        {
            object key = value.Properties["key"]?.Value;
            object op = value.Properties["operator"]?.Value;
            if (key == null)
            {
                throw new ArgumentException(
                    "A -Property object needs a Key (and an Operator and a Value).");
            }

            return new PHPropertyFilter(
                key.ToString(), op?.ToString(), Unwrap(value.Properties["value"]?.Value));
        }

        private static object Find(IDictionary dictionary, string name)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                if (string.Equals(entry.Key as string, name, StringComparison.OrdinalIgnoreCase))
                {
                    return entry.Value;
                }
            }

            return null;
        }

        private static object Unwrap(object value) =>
            value is PSObject wrapped ? wrapped.BaseObject : value;
    }
}
