using System.Text.Json;
using System.Text.Json.Nodes;

namespace PostHogPersons.Tests.Resilience;

/// <summary>
/// One fault and the outcome it must have: the rules the server applies to the request,
/// whether the person still arrives or which error id ends the command, how many requests
/// the server saw, and the exact error message ({path} stands for the request path; a
/// leading ~ makes it a regular expression).
/// </summary>
public sealed record FaultCase(
    string Name,
    Func<string[]> Rules,
    string Outcome,
    int Requests,
    string Message = null,
    string Options = FaultCase.DefaultOptions,
    string Verbose = null)
{
    /// <summary>Two retries, no backoff, two-second timeout: fast and still exact.</summary>
    public const string DefaultOptions = "-MaximumRetryCount 2 -RetryIntervalSec 0 -TimeoutSec 2";

    /// <summary>The outcome when the command recovers and writes the person.</summary>
    public const string Recovered = "person";

    /// <summary>The rules as JSON objects, each limited to requests for <paramref name="uuid"/>.</summary>
    public IEnumerable<JsonObject> RulesFor(string uuid)
    {
        foreach (string rule in Rules())
        {
            var json = JsonNode.Parse(rule)!.AsObject();
            json["pathContains"] = uuid;
            yield return json;
        }
    }

    public override string ToString() => Name;

    /// <summary>A status fault: the status, a raw body, a Retry-After or Location header, how often.</summary>
    public static string Status(
        int status, object body = null, string retryAfter = null, string location = null, int times = 1)
    {
        var rule = new JsonObject { ["kind"] = "status", ["status"] = status, ["times"] = times };
        if (body != null)
        {
            rule["body"] = body as string ?? JsonSerializer.Serialize(body);
        }

        var headers = new JsonObject();
        if (retryAfter != null)
        {
            headers["Retry-After"] = retryAfter;
        }

        if (location != null)
        {
            headers["Location"] = location;
        }

        rule["headers"] = headers;
        return rule.ToJsonString();
    }

    /// <summary>A fault of another kind, with its fields (delayMs, bytes, status, times…).</summary>
    public static string Fault(string kind, object fields = null)
    {
        var rule = fields == null ? new JsonObject() : JsonSerializer.SerializeToNode(fields)!.AsObject();
        rule["kind"] = kind;
        return rule.ToJsonString();
    }
}
