using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PostHogServer.Json;
using PostHogServer.Store;

namespace PostHogServer.HogQL;

/// <summary>
/// Runs one HogQLQuery as PostHog's HogQLQueryRunner does: placeholders from
/// <c>values</c>, then either the paginator (no LIMIT: 100 rows, fetched as 101 to set
/// <c>hasMore</c>) or the query's own LIMIT capped at 50,000; and writes the
/// HogQLQueryResponse (results, columns, types as [name, type] pairs, hasMore, limit,
/// offset, hogql, ...).
/// </summary>
public static class QueryRunner
{
    /// <summary>Rows a query without LIMIT returns (PostHog's DEFAULT_RETURNED_ROWS).</summary>
    public const int DefaultRows = 100;

    /// <summary>Most rows one query returns (PostHog's MAX_SELECT_RETURNED_ROWS).</summary>
    public const int MaxRows = 50000;

    /// <summary>Runs the query and returns the response body; throws <see cref="HogQLException"/>.</summary>
    public static byte[] Run(PersonStore store, string hogql, IReadOnlyDictionary<string, object?> values)
    {
        var query = Parser.ParseSelect(hogql, values);
        var paginate = query.Limit is null;
        var limit = paginate ? DefaultRows : Math.Min(Translator.RowCount(query.Limit!, "LIMIT"), MaxRows);
        var offset = query.Offset is { } o ? Translator.RowCount(o, "OFFSET") : 0;
        var fetch = paginate ? limit + 1 : limit;
        var statement = Translator.Translate(query, fetch, offset);
        var rows = new List<object?[]>();
        QueryDatabase.For(store).Execute(statement, reader => rows.Add(ReadRow(reader, statement.Columns)));
        bool? hasMore = null;
        if (paginate)
        {
            hasMore = rows.Count > limit;
            if (hasMore.Value)
            {
                rows.RemoveAt(rows.Count - 1);
            }
        }

        var types = statement.Columns.Select((c, i) => TypeName(c.Type, rows, i)).ToList();
        return JsonBuffer.Build(writer => Write(writer, new Response(
            hogql, Printer.Query(query, fetch, offset), statement.Columns, types, rows,
            hasMore, paginate ? limit : null, paginate ? offset : null)));
    }

    private static object?[] ReadRow(SqliteDataReader reader, IReadOnlyList<OutputColumn> columns)
    {
        var row = new object?[columns.Count];
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        }

        return row;
    }

    private static string TypeName(SqlType type, List<object?[]> rows, int column)
    {
        if (type.Kind != ValueKind.Dynamic)
        {
            return type.Name;
        }

        var sample = rows.Select(r => r[column]).FirstOrDefault(v => v is not null);
        var nullable = rows.Any(r => r[column] is null);
        var name = sample switch
        {
            long => "Int64",
            double => "Float64",
            string => "String",
            _ => "Nothing",
        };
        return nullable || sample is null ? $"Nullable({name})" : name;
    }

    private static void Write(Utf8JsonWriter writer, Response response)
    {
        var now = Timestamps.Now();
        writer.WriteStartObject();
        writer.WriteString("cache_key", "cache_" + Guid.NewGuid().ToString("N"));
        writer.WriteBoolean("is_cached", false);
        writer.WriteString("last_refresh", Timestamps.Format(now));
        writer.WriteString("next_allowed_client_refresh", Timestamps.Format(now.AddMinutes(1)));
        writer.WriteString("timezone", "UTC");
        writer.WriteStartArray("columns");
        foreach (var column in response.Columns)
        {
            writer.WriteStringValue(column.Name);
        }

        writer.WriteEndArray();
        writer.WriteNull("error");
        writer.WriteNull("explain");
        WriteNullable(writer, "hasMore", response.HasMore);
        writer.WriteString("hogql", response.Hogql);
        WriteNullable(writer, "limit", response.Limit);
        writer.WriteNull("metadata");
        writer.WriteStartObject("modifiers");
        writer.WriteEndObject();
        WriteNullable(writer, "offset", response.Offset);
        writer.WriteString("query", response.Query);
        writer.WriteNull("query_status");
        writer.WriteStartArray("results");
        foreach (var row in response.Rows)
        {
            writer.WriteStartArray();
            for (var i = 0; i < row.Length; i++)
            {
                WriteValue(writer, response.Columns[i].Type.Kind, row[i]);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("timings");
        writer.WriteEndArray();
        writer.WriteStartArray("types");
        for (var i = 0; i < response.Columns.Count; i++)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(response.Columns[i].Name);
            writer.WriteStringValue(response.Types[i]);
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, ValueKind kind, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                return;
            case long whole when kind == ValueKind.Bool:
                writer.WriteBooleanValue(whole != 0);
                return;
            case string text when kind == ValueKind.DateTime:
                writer.WriteStringValue(SqlFunctions.FormatStored(text));
                return;
            case string text when kind == ValueKind.Array:
                writer.WriteRawValue(text, skipInputValidation: false);
                return;
            case long whole:
                writer.WriteNumberValue(whole);
                return;
            case double number when double.IsFinite(number):
                writer.WriteNumberValue(number);
                return;
            case double:
                writer.WriteNullValue();
                return;
            case byte[] bytes:
                writer.WriteBase64StringValue(bytes);
                return;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                return;
        }
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, bool? value)
    {
        if (value is { } flag)
        {
            writer.WriteBoolean(name, flag);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private sealed record Response(
        string Query,
        string Hogql,
        IReadOnlyList<OutputColumn> Columns,
        IReadOnlyList<string> Types,
        List<object?[]> Rows,
        bool? HasMore,
        long? Limit,
        long? Offset);
}
