using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using PostHogPersons.Client.Errors;
using PostHogPersons.Models;

namespace PostHogPersons.Client
{
    /// <summary>
    /// Exports persons through the query endpoint, up to 50,000 per request, with keyset
    /// paging on the person id: each page asks for <c>p.id &gt; {after}</c> ORDER BY p.id, where
    /// {after} is the last id of the page before. Unlike offset paging this never skips a
    /// person or repeats one when persons are created or deleted during the export (persons
    /// created meanwhile appear only when their id sorts after the page being read). The
    /// distinct ids come in the same query through a join with person_distinct_ids and
    /// groupArray. Order: by person id, not newest first like the persons list.
    /// </summary>
    public static class PersonExporter
    {
        private static readonly Regex Anonymous = new Regex("^([a-z0-9]+-){4}([a-z0-9]+)$");
        private static readonly string[] DisplayNameKeys = { "email", "name", "username" };

        /// <summary>
        /// Streams the persons matching <paramref name="condition"/> to <paramref name="onPage"/>
        /// (false stops). <paramref name="first"/> caps the count; <paramref name="skip"/> skips
        /// that many persons at the start (OFFSET on the first page only).
        /// </summary>
        public static async Task ExportAsync(
            PostHogConnection connection,
            PersonCondition condition,
            int pageSize,
            ulong skip,
            ulong first,
            Func<List<PHPerson>, bool> onPage,
            IRequestLog log,
            CancellationToken cancellationToken)
        {
            pageSize = Math.Max(1, Math.Min(pageSize, QueryPager.MaximumRows));
            string after = null;
            ulong left = first;
            while (left > 0)
            {
                int limit = left < (ulong)pageSize ? (int)left : pageSize;
                var values =
                    new Dictionary<string, object>(condition.Values, StringComparer.Ordinal);
                if (after != null)
                {
                    values["after"] = after;
                }

                string hogql = PageQuery(
                    condition.Where, after != null, limit, after == null ? skip : 0);
                List<PHPerson> persons;
                Task<QueryResult> running = QueryClient.RunAsync(
                    connection, hogql, values, QueryClient.DefaultTimeout, log, cancellationToken);
                using (QueryResult result = await running.ConfigureAwait(false))
                {
                    persons = Read(result, connection.ProjectId);
                }

                left -= (ulong)persons.Count;
                if (persons.Count > 0 && !onPage(persons))
                {
                    return;
                }

                if (persons.Count < limit)
                {
                    return;
                }

                after = persons[persons.Count - 1].Uuid;
            }
        }

        /// <summary>How many persons match <paramref name="condition"/>.</summary>
        public static async Task<long> CountAsync(
            PostHogConnection connection,
            PersonCondition condition,
            IRequestLog log,
            CancellationToken cancellationToken)
        {
            string hogql = "SELECT count() AS total FROM persons AS p"
                + (condition.Where == null ? string.Empty : " WHERE " + condition.Where);
            Task<QueryResult> running = QueryClient.RunAsync(
                connection,
                hogql,
                condition.Values,
                QueryClient.DefaultTimeout,
                log,
                cancellationToken);
            using (QueryResult result = await running.ConfigureAwait(false))
            {
                if (result.RowCount != 1)
                {
                    throw Malformed(result, "a count query returned " + result.RowCount + " rows");
                }

                object total = QueryValues.ConverterFor(result.Types[0])(result.Rows[0][0]);
                return Convert.ToInt64(total, CultureInfo.InvariantCulture);
            }
        }

        /// <summary>The HogQL of one page.</summary>
        public static string PageQuery(string where, bool hasAfter, int limit, ulong offset)
        {
            var conditions = new List<string>();
            if (hasAfter)
            {
                conditions.Add("p.id > toUUID({after})");
            }

            if (where != null)
            {
                conditions.Add(where);
            }

            string filter = conditions.Count == 0
                ? string.Empty
                : " WHERE " + string.Join(" AND ", conditions);
            string skipRows = offset > 0
                ? " OFFSET " + offset.ToString(CultureInfo.InvariantCulture)
                : string.Empty;
            return "SELECT p.id AS id, any(p.created_at) AS created_at,"
                + " any(p.is_identified) AS is_identified,"
                + " any(p.properties) AS properties, groupArray(pdi.distinct_id) AS distinct_ids"
                + " FROM persons AS p LEFT JOIN person_distinct_ids AS pdi ON pdi.person_id = p.id"
                + filter
                + " GROUP BY p.id ORDER BY p.id ASC LIMIT "
                + limit.ToString(CultureInfo.InvariantCulture)
                + skipRows;
        }

        /// <summary>The persons of one page, in the page's order.</summary>
        public static List<PHPerson> Read(QueryResult result, long projectId)
        {
            int id = Column(result, "id");
            int created = Column(result, "created_at");
            int identified = Column(result, "is_identified");
            int properties = Column(result, "properties");
            int distinct = Column(result, "distinct_ids");
            var readTime = QueryValues.ConverterFor(result.Types[created]);
            var readFlag = QueryValues.ConverterFor(result.Types[identified]);
            var persons = new List<PHPerson>(result.RowCount);
            foreach (JsonElement row in result.Rows.EnumerateArray())
            {
                // Limitation: the persons table of the query endpoint has no last_seen_at, so
                // LastSeenAt stays empty; and ClickHouse's groupArray keeps no order, so among
                // several identified distinct ids the first (and a Name taken from it) may differ
                // from the list's.
                var person = new PHPerson
                {
                    Uuid = row[id].ValueKind == JsonValueKind.String
                        ? row[id].GetString()
                        : row[id].GetRawText(),
                    CreatedAt = readTime(row[created]) as DateTimeOffset?,
                    IsIdentified = readFlag(row[identified]) as bool?,
                    Properties = ReadProperties(row[properties]),
                    DistinctIds = new PHStringList(NonAnonymousFirst(Strings(row[distinct]))),
                    ProjectId = projectId,
                };
                person.Name = DisplayName(person);
                persons.Add(person);
            }

            return persons;
        }

        /// <summary>
        /// PostHog's display name: the first truthy of the email, name and username properties,
        /// else the first distinct id (non-anonymous first), else the UUID.
        /// </summary>
        public static string DisplayName(PHPerson person)
        {
            foreach (string key in DisplayNameKeys)
            {
                if (person.Properties != null
                    && person.Properties.TryGetValue(key, out object value)
                    && IsTruthy(value))
                {
                    return value as string ?? JsonValues.ToJson(value);
                }
            }

            return person.DistinctIds != null && person.DistinctIds.Count > 0
                ? person.DistinctIds[0]
                : person.Uuid;
        }

        /// <summary>
        /// A stable sort putting ids that do not look like SDK-made anonymous ids first.
        /// </summary>
        public static List<string> NonAnonymousFirst(List<string> ids)
        {
            var sorted = new List<string>(ids.Count);
            sorted.AddRange(ids.FindAll(id => !Anonymous.IsMatch(id)));
            sorted.AddRange(ids.FindAll(id => Anonymous.IsMatch(id)));
            return sorted;
        }

        private static bool IsTruthy(object value)
        {
            switch (value)
            {
                case null:
                    return false;
                case string text:
                    return text.Length > 0;
                case bool flag:
                    return flag;
                case long whole:
                    return whole != 0;
                case double number:
                    return number != 0;
                case object[] items:
                    return items.Length > 0;
                case PHPropertyDictionary map:
                    return map.Count > 0;
                default:
                    return true;
            }
        }

        private static PHPropertyDictionary ReadProperties(JsonElement value)
        {
            object read = value.ValueKind == JsonValueKind.String
                ? QueryValues.PropertiesFromText(value.GetString())
                : JsonValues.ToObject(value);
            return read as PHPropertyDictionary ?? new PHPropertyDictionary();
        }

        private static List<string> Strings(JsonElement value)
        {
            var ids = new List<string>();
            if (value.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement item in value.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String && item.GetString().Length > 0)
                    {
                        ids.Add(item.GetString());
                    }
                }
            }

            return ids;
        }

        private static int Column(QueryResult result, string name)
        {
            int index = result.IndexOf(name);
            if (index < 0)
            {
                throw Malformed(result, $"the answer has no '{name}' column");
            }

            return index;
        }

        private static PostHogResponseFormatException Malformed(QueryResult result, string problem)
        {
            return new PostHogResponseFormatException(new RequestFailure
            {
                Method = "POST",
                Path = result.Path,
                StatusCode = 200,
                Detail = "Unexpected query answer: " + problem,
            });
        }
    }
}
