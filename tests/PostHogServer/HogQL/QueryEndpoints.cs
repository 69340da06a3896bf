using System.Text.Json;
using System.Text.Json.Nodes;
using PostHogServer.Api;
using PostHogServer.Json;

namespace PostHogServer.HogQL;

/// <summary>
/// The query viewset: POST query/ runs a HogQLQuery (200 with the response, or 202 with a
/// query_status in async mode); GET query/{id}/ polls an async query (202 while running, 200
/// with query_status.results when complete, 400 with error_message when it failed); DELETE
/// query/{id}/ cancels it.
/// </summary>
public static class QueryEndpoints
{
    /// <summary>PostHog's text when too many queries run at once.</summary>
    public const string ConcurrencyMessage =
        "Too many queries are running right now — please try again in a moment.";

    /// <summary>POST query/.</summary>
    public static ApiResult Create(ApiContext context)
    {
        var refused = context.Request.ReadJson(out var body);
        if (refused is not null)
        {
            return refused.ToResult();
        }

        if (body!["query"] is not JsonObject query)
        {
            return ApiError.Validation("1 validation error for QueryRequest: query: Field required", "query")
                .ToResult();
        }

        var kind = query["kind"] is JsonValue kindValue && kindValue.TryGetValue<string>(out var k) ? k : null;
        if (kind != "HogQLQuery")
        {
            return ApiError.Validation(
                $"Query kind '{kind}' is not supported by the local PostHog server (only HogQLQuery).",
                "query").ToResult();
        }

        if (query["query"] is not JsonValue textValue || !textValue.TryGetValue<string>(out var hogql))
        {
            return ApiError.Validation("1 validation error for HogQLQuery: query: Field required", "query")
                .ToResult();
        }

        byte[]? results = null;
        string? error = null;
        try
        {
            results = QueryRunner.Run(context.Persons, hogql, Values(query["values"]));
        }
        catch (HogQLException exception)
        {
            error = exception.Message;
        }

        var config = context.Config;
        if (!config.QueryAsync)
        {
            return error is null ? ApiResult.Json(200, results!) : ApiError.Validation(error).ToResult();
        }

        var job = new QueryJob(Guid.NewGuid().ToString("N"), context.Project.Id,
            config.QueryCompleteAfterPolls, results, error);
        QueryJobs.For(context.Project).Add(job);
        return ApiResult.Json(202, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("cache_key", "cache_" + job.Id);
            writer.WritePropertyName("query_status");
            WriteStatus(writer, job, complete: false);
            writer.WriteEndObject();
        });
    }

    /// <summary>GET query/{id}/.</summary>
    public static ApiResult Status(ApiContext context)
    {
        var job = QueryJobs.For(context.Project).Find(context.Route.QueryId!);
        if (job is null)
        {
            return ApiError.NotFound("Query not found.").ToResult();
        }

        var complete = job.Poll();
        var status = !complete ? 202 : job.Error is null ? 200 : 400;
        return ApiResult.Json(status, writer =>
        {
            writer.WriteStartObject();
            writer.WritePropertyName("query_status");
            WriteStatus(writer, job, complete);
            writer.WriteEndObject();
        });
    }

    /// <summary>DELETE query/{id}/.</summary>
    public static ApiResult Cancel(ApiContext context)
    {
        if (!QueryJobs.For(context.Project).Remove(context.Route.QueryId!))
        {
            return ApiError.NotFound("Query not found.").ToResult();
        }

        return ApiResult.Json(200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("message", "Query cancelled.");
            writer.WriteEndObject();
        });
    }

    private static Dictionary<string, object?> Values(JsonNode? node)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (node is JsonObject map)
        {
            foreach (var (name, value) in map)
            {
                values[name] = Parser.ValueOf(value);
            }
        }
        else if (node is not null)
        {
            throw new HogQLException("query.values must be an object.");
        }

        return values;
    }

    private static void WriteStatus(Utf8JsonWriter writer, QueryJob job, bool complete)
    {
        writer.WriteStartObject();
        writer.WriteString("id", job.Id);
        writer.WriteNumber("team_id", job.TeamId);
        writer.WriteBoolean("query_async", true);
        writer.WriteBoolean("complete", complete);
        writer.WriteBoolean("error", complete && job.Error is not null);
        if (complete && job.Error is { } error)
        {
            writer.WriteString("error_message", error);
        }
        else
        {
            writer.WriteNull("error_message");
        }

        writer.WritePropertyName("results");
        if (complete && job.Results is { } results)
        {
            writer.WriteRawValue(results, skipInputValidation: true);
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WritePropertyName("start_time");
        Timestamps.Write(writer, job.StartTime);
        writer.WritePropertyName("end_time");
        Timestamps.Write(writer, complete ? Timestamps.Now() : null);
        writer.WritePropertyName("expiration_time");
        Timestamps.Write(writer, job.StartTime.AddMinutes(20));
        writer.WriteNull("task_id");
        writer.WriteNull("query_progress");
        writer.WriteEndObject();
    }
}
