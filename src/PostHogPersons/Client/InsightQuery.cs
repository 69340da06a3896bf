using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using PostHogPersons.Models;

namespace PostHogPersons.Client
{
    /// <summary>
    /// Writes the parameters of PostHog's legacy insight filters, which the persons helpers
    /// (lifecycle, trends, funnel, funnel correlation, properties timeline) read: events and
    /// actions as JSON arrays, and dates as PostHog parses them; and adds the parameters
    /// those helpers share to a <see cref="QueryString"/>.
    /// </summary>
    public static class InsightQuery
    {
        /// <summary>Event type of an entity.</summary>
        public const string Events = "events";

        /// <summary>Action type of an entity.</summary>
        public const string Actions = "actions";

        /// <summary>
        /// The JSON array of entities, e.g. [{"id":"$pageview","type":"events","order":0}];
        /// null when there are none.
        /// </summary>
        public static string Entities<T>(IEnumerable<T> ids, string type)
        {
            if (ids == null)
            {
                return null;
            }

            using (var stream = new MemoryStream())
            {
                int order = 0;
                using (var writer = new Utf8JsonWriter(stream, JsonValues.WriterOptions))
                {
                    writer.WriteStartArray();
                    foreach (T id in ids)
                    {
                        writer.WriteStartObject();
                        writer.WritePropertyName("id");
                        JsonValues.Write(writer, id);
                        writer.WriteString("type", type);
                        writer.WriteNumber("order", order++);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                }

                return order == 0 ? null : Encoding.UTF8.GetString(stream.ToArray());
            }
        }

        /// <summary>One entity as an object, e.g. {"id":"$pageview","type":"events"}.</summary>
        public static string Entity(string id, string type)
        {
            using (var stream = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(stream, JsonValues.WriterOptions))
                {
                    writer.WriteStartObject();
                    writer.WriteString("id", id);
                    writer.WriteString("type", type);
                    writer.WriteEndObject();
                }

                return Encoding.UTF8.GetString(stream.ToArray());
            }
        }

        /// <summary>
        /// A date as PostHog reads it: a midnight becomes a plain date (a whole day, which
        /// PostHog counts in full in date_to); a UTC time ends in Z; a local or unspecified
        /// time has no zone, so PostHog reads it in the project's time zone; text (ISO 8601
        /// or a relative date such as -7d) is sent as it is.
        /// </summary>
        public static string Date(object value)
        {
            switch (value)
            {
                case null:
                    return null;
                case DateTime time when time.TimeOfDay == TimeSpan.Zero:
                    return time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                case DateTime time:
                    return time.ToString(
                        time.Kind == DateTimeKind.Utc
                            ? "yyyy-MM-dd'T'HH:mm:ss'Z'"
                            : "yyyy-MM-dd'T'HH:mm:ss",
                        CultureInfo.InvariantCulture);
                case DateTimeOffset offset when offset.Offset == TimeSpan.Zero:
                    return offset.UtcDateTime.ToString(
                        "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                case DateTimeOffset offset:
                    return offset.ToString(
                        "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
                default:
                    return Convert.ToString(value, CultureInfo.InvariantCulture).Trim();
            }
        }

        /// <summary>
        /// A filter hashtable as a JSON request body, with <paramref name="overrides"/> set on
        /// top (a null override value leaves the filter's own). Keys in
        /// <paramref name="reserved"/> are refused, because the cmdlet sets them itself.
        /// </summary>
        /// <exception cref="ArgumentException">The filter holds a reserved key or a value
        /// that has no JSON form.</exception>
        public static byte[] Body(
            IDictionary filter,
            IEnumerable<KeyValuePair<string, object>> overrides,
            params string[] reserved)
        {
            var body = new OrderedDictionary(StringComparer.Ordinal);
            foreach (DictionaryEntry entry in filter)
            {
                string key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture);
                if (Array.IndexOf(reserved, key) >= 0)
                {
                    throw new ArgumentException(
                        $"-Filter must not hold '{key}': the cmdlet pages through the persons "
                        + "itself (use -PageSize for the page size).");
                }

                body[key] = entry.Value;
            }

            foreach (KeyValuePair<string, object> pair in overrides)
            {
                if (pair.Value != null)
                {
                    body[pair.Key] = pair.Value;
                }
            }

            return JsonValues.ToJsonBytes(body);
        }

        /// <summary>
        /// Adds the insight's series: events=[…] and actions=[…] as entity arrays, each when
        /// it names any.
        /// </summary>
        public static QueryString Series(
            this QueryString query, IEnumerable<string> events, IEnumerable<long> actions)
        {
            return query
                .Add(Events, Entities(events, Events))
                .Add(Actions, Entities(actions, Actions));
        }

        /// <summary>Adds date_from, date_to and interval, each when given.</summary>
        public static QueryString Range(
            this QueryString query, string dateFrom, string dateTo, string interval = null)
        {
            return query
                .Add("date_from", dateFrom)
                .Add("date_to", dateTo)
                .Add("interval", interval);
        }

        /// <summary>
        /// Adds breakdown and breakdown_type, and <paramref name="value"/> under
        /// <paramref name="valueName"/> (breakdown_value, funnel_step_breakdown); each when given.
        /// </summary>
        public static QueryString Breakdown(
            this QueryString query,
            string breakdown,
            string type,
            string valueName = null,
            string value = null)
        {
            return query
                .Add("breakdown", breakdown)
                .Add("breakdown_type", type)
                .Add(valueName, value);
        }

        /// <summary>Adds properties, the person property filters as JSON, if any.</summary>
        public static QueryString Properties(
            this QueryString query, IReadOnlyCollection<PHPropertyFilter> filters)
        {
            string json = filters.Count > 0 ? PropertyFilters.ToJson(filters) : null;
            return query.Add("properties", json);
        }

        /// <summary>
        /// Adds the page size under <paramref name="name"/> when <paramref name="pageSize"/> is
        /// given (positive); without it PostHog uses its default.
        /// </summary>
        public static QueryString Limit(this QueryString query, int pageSize, string name = "limit")
        {
            return query.Add(
                name, pageSize > 0 ? pageSize.ToString(CultureInfo.InvariantCulture) : null);
        }

        /// <summary>Whether the filter has <paramref name="key"/> (exactly so spelt).</summary>
        public static bool HasKey(IDictionary filter, string key)
        {
            foreach (DictionaryEntry entry in filter)
            {
                string name = Convert.ToString(entry.Key, CultureInfo.InvariantCulture);
                if (string.Equals(name, key, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
