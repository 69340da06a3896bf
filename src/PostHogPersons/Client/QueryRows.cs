using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Text.Json;

namespace PostHogPersons.Client
{
    /// <summary>
    /// Turns the rows of a <see cref="QueryResult"/> into PowerShell objects with one property
    /// per column, named as PostHog named the column and converted by its type
    /// (<see cref="QueryValues"/>). A String column called <c>properties</c> holding a JSON
    /// object becomes a PHPropertyDictionary, like PHPerson.Properties. Repeated column
    /// names get a suffix (_2, _3, ...), so no value is hidden.
    /// </summary>
    public static class QueryRows
    {
        /// <summary>The rows of <paramref name="result"/> as PSCustomObjects.</summary>
        public static List<PSObject> Read(QueryResult result)
        {
            IReadOnlyList<string> names = UniqueNames(result.Columns);
            var converters = new Func<JsonElement, object>[names.Count];
            var properties = new bool[names.Count];
            for (int i = 0; i < names.Count; i++)
            {
                converters[i] = QueryValues.ConverterFor(result.Types[i]);
                properties[i] = result.Columns[i] == "properties" && IsText(result.Types[i]);
            }

            var rows = new List<PSObject>(result.RowCount);
            foreach (JsonElement values in result.Rows.EnumerateArray())
            {
                var row = new PSObject();
                int index = 0;
                foreach (JsonElement value in values.EnumerateArray())
                {
                    if (index >= names.Count)
                    {
                        break;
                    }

                    object converted = value.ValueKind == JsonValueKind.Null
                        ? null
                        : converters[index](value);
                    if (properties[index])
                    {
                        converted = QueryValues.PropertiesFromText(converted);
                    }

                    row.Properties.Add(new PSNoteProperty(names[index], converted));
                    index++;
                }

                rows.Add(row);
            }

            return rows;
        }

        private static bool IsText(string type) =>
            type == null || type == "String" || type == "Nullable(String)";

        private static IReadOnlyList<string> UniqueNames(IReadOnlyList<string> columns)
        {
            var names = new List<string>(columns.Count);
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (string column in columns)
            {
                string name = string.IsNullOrEmpty(column) ? "column" : column;
                string unique = name;
                for (int n = 2; !seen.Add(unique); n++)
                {
                    unique = name + "_" + n.ToString(CultureInfo.InvariantCulture);
                }

                names.Add(unique);
            }

            return names;
        }
    }
}
