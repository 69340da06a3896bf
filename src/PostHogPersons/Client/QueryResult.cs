using System;
using System.Collections.Generic;
using System.Text.Json;

namespace PostHogPersons.Client
{
    /// <summary>
    /// One answer of PostHog's query endpoint (a HogQLQueryResponse): the column names, their
    /// ClickHouse types, the rows, and whether more rows match. Owns the parsed JSON; dispose
    /// it when the rows have been read.
    /// </summary>
    public sealed class QueryResult : IDisposable
    {
        private readonly IDisposable _owner;

        internal QueryResult(JsonElement root, IDisposable owner, string path)
        {
            _owner = owner;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("results", out JsonElement results)
                || results.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("The query answer has no 'results' list");
            }

            Rows = results;
            RowCount = results.GetArrayLength();
            Columns = root.GetStrings("columns");
            Types = ReadTypes(root, Columns);
            if (root.TryGetProperty("hasMore", out JsonElement more)
                && (more.ValueKind == JsonValueKind.True || more.ValueKind == JsonValueKind.False))
            {
                HasMore = more.GetBoolean();
            }

            if (root.TryGetProperty("limit", out JsonElement limit)
                && limit.ValueKind == JsonValueKind.Number)
            {
                Limit = limit.GetInt64();
            }

            Path = path;
        }

        /// <summary>The column names, in order.</summary>
        public IReadOnlyList<string> Columns { get; }

        /// <summary>The ClickHouse type of each column (null where PostHog gave none).</summary>
        public IReadOnlyList<string> Types { get; }

        /// <summary>The rows: a JSON array of arrays, one value per column.</summary>
        public JsonElement Rows { get; }

        /// <summary>How many rows the answer holds.</summary>
        public int RowCount { get; }

        /// <summary>True when PostHog cut the rows at its default limit and more match.</summary>
        public bool? HasMore { get; }

        /// <summary>The row limit PostHog applied when it paged the query itself.</summary>
        public long? Limit { get; }

        /// <summary>The request path the answer came from (for messages).</summary>
        public string Path { get; }

        /// <summary>The index of the column called <paramref name="name"/>, or -1.</summary>
        public int IndexOf(string name)
        {
            for (int i = 0; i < Columns.Count; i++)
            {
                if (string.Equals(Columns[i], name, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }

        public void Dispose() => _owner?.Dispose();

        private static IReadOnlyList<string> ReadTypes(
            JsonElement root, IReadOnlyList<string> columns)
        {
            var types = new string[columns.Count];
            if (root.TryGetProperty("types", out JsonElement list)
                && list.ValueKind == JsonValueKind.Array)
            {
                int index = 0;
                foreach (JsonElement pair in list.EnumerateArray())
                {
                    if (index >= types.Length)
                    {
                        break;
                    }

                    // [name, type] pairs; a bare type string is accepted too.
                    if (pair.ValueKind == JsonValueKind.Array && pair.GetArrayLength() >= 2
                        && pair[1].ValueKind == JsonValueKind.String)
                    {
                        types[index] = pair[1].GetString();
                    }
                    else if (pair.ValueKind == JsonValueKind.String)
                    {
                        types[index] = pair.GetString();
                    }

                    index++;
                }
            }

            return types;
        }
    }
}
