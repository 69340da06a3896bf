using System.Management.Automation;
using System.Text.RegularExpressions;
using PostHogPersons.Models;
using PostHogPersons.Tests.Infrastructure;
using Xunit;

namespace PostHogPersons.Tests.Resilience;

/// <summary>
/// Every fault a network, a proxy or PostHog can produce, injected by the local server into
/// Get-PHPerson -Uuid, each with its defined outcome: recovered (the person arrives, after
/// exactly the expected number of tries) or one error with a stable id and an exact message.
/// </summary>
public sealed class FaultInjectionTests : IDisposable
{
    private const string Cmdlet = "PostHogPersons.Commands.GetPHPersonCommand";

    private static readonly FaultCase[] Cases =
    {
        new("429 with Retry-After in seconds",
            () => new[] { Status(429, retryAfter: "1") },
            FaultCase.Recovered, 2, Verbose: @"^Retry 1 of 2: GET {path} \(HTTP 429\); waiting 1 s$"),
        new("429 with Retry-After as an HTTP date",
            () => new[] { Status(429, retryAfter: DateTimeOffset.UtcNow.AddSeconds(2).ToString("R")) },
            FaultCase.Recovered, 2,
            Verbose: @"^Retry 1 of 2: GET {path} \(HTTP 429\); waiting [0-2](\.\d+)? s$"),
        new("429 without Retry-After",
            () => new[] { Status(429) },
            FaultCase.Recovered, 2, Options: "-MaximumRetryCount 2 -RetryIntervalSec 0.2",
            Verbose: @"^Retry 1 of 2: GET {path} \(HTTP 429\); waiting 0\.[12]\d* s$"),
        new("429 for ever",
            () => new[] { Status(429, times: -1) },
            "RateLimited", 3,
            "Request was throttled. Expected available in 1 second. [HTTP 429 GET {path}, 3 tries]"),
        new("500 once",
            () => new[] { Status(500) },
            "ServerError", 1, "A server error occurred. [HTTP 500 GET {path}]"),
        new("500 for ever",
            () => new[] { Status(500, times: -1) },
            "ServerError", 1, "A server error occurred. [HTTP 500 GET {path}]"),
        new("502 once",
            () => new[] { Status(502) },
            FaultCase.Recovered, 2, Verbose: @"^Retry 1 of 2: GET {path} \(HTTP 502\); waiting 0 s$"),
        new("502 for ever",
            () => new[] { Status(502, times: -1) },
            "ServerError", 3, "Bad Gateway. [HTTP 502 GET {path}, 3 tries]"),
        new("503 once",
            () => new[] { Status(503) },
            FaultCase.Recovered, 2),
        new("503 for ever",
            () => new[] { Status(503, times: -1) },
            "ServerError", 3, "Service Unavailable. [HTTP 503 GET {path}, 3 tries]"),
        new("503 with Retry-After",
            () => new[] { Status(503, retryAfter: "1") },
            FaultCase.Recovered, 2, Verbose: @"^Retry 1 of 2: GET {path} \(HTTP 503\); waiting 1 s$"),
        new("504 once",
            () => new[] { Status(504) },
            FaultCase.Recovered, 2),
        new("504 for ever",
            () => new[] { Status(504, times: -1) },
            "ServerError", 3, "Gateway Timeout. [HTTP 504 GET {path}, 3 tries]"),
        new("connection reset mid-body once",
            () => new[] { Fault("reset") },
            FaultCase.Recovered, 2,
            Verbose: @"^Retry 1 of 2: GET {path} \(connection broken\); waiting 0 s$"),
        new("connection reset before any byte, for ever",
            () => new[] { Fault("reset", new { bytes = 0, times = -1 }) },
            "ConnectionFailed", 3,
            @"~^The connection (failed|broke while reading the answer): .+ \[GET {path}, 3 tries\]$"),
        new("a stalled answer past the timeout, once",
            () => new[] { Fault("stall", new { delayMs = 20000 }) },
            FaultCase.Recovered, 2, Options: "-MaximumRetryCount 2 -RetryIntervalSec 0 -TimeoutSec 1",
            Verbose: @"^Retry 1 of 2: GET {path} \(timed out\); waiting 0 s$"),
        new("a stalled answer past the timeout, for ever",
            () => new[] { Fault("stall", new { delayMs = 20000, times = -1 }) },
            "RequestTimedOut", 2, "The request did not finish within 1 s [GET {path}, 2 tries]",
            Options: "-MaximumRetryCount 1 -RetryIntervalSec 0 -TimeoutSec 1"),
        new("a body that stalls half way past the timeout, once",
            () => new[] { Fault("stallBody", new { delayMs = 20000 }) },
            FaultCase.Recovered, 2, Options: "-MaximumRetryCount 2 -RetryIntervalSec 0 -TimeoutSec 1"),
        new("a slow answer within the timeout",
            () => new[] { Fault("delay", new { delayMs = 300 }) },
            FaultCase.Recovered, 1),
        new("HTML 502 from a proxy, once",
            () => new[] { Fault("html", new { status = 502 }) },
            FaultCase.Recovered, 2),
        new("HTML 503 from a proxy, for ever",
            () => new[] { Fault("html", new { status = 503, times = -1 }) },
            "ServerError", 3,
            "HTTP 503 with text/html: <html> <head><title>503 Service Unavailable</title></head> <body> "
            + "<center><h1>503 Service Unavailable</h1></center> <hr><center>nginx</center> </body> </html> "
            + "[HTTP 503 GET {path}, 3 tries]"),
        new("HTML 404 from a proxy",
            () => new[] { Fault("html", new { status = 404 }) },
            "InvalidResponse", 1,
            "HTTP 404 with text/html: <html> <head><title>404 Not Found</title></head> <body> <center><h1>404 "
            + "Not Found</h1></center> <hr><center>nginx</center> </body> </html> (a proxy or a wrong API host?) "
            + "[HTTP 404 GET {path}]"),
        new("a login page with 200",
            () => new[] { Fault("loginPage") },
            "InvalidResponse", 1,
            @"~^Expected JSON but got text/html: <!DOCTYPE html> <html lang=""en""> <head><meta "
            + @"charset=""utf-8""><title>Log in • PostHog</title>.*… \(a proxy, a login page or a wrong API "
            + @"host\?\) \[HTTP 200 GET {path}\]$"),
        new("truncated JSON",
            () => new[] { Fault("truncate", new { bytes = 40 }) },
            "InvalidResponse", 1,
            @"~^The JSON answer is truncated or invalid \(.+\); 40 bytes starting: \{.{39} "
            + @"\[HTTP 200 GET {path}\]$"),
        new("JSON labelled text/plain",
            () => new[] { Fault("wrongContentType") },
            "InvalidResponse", 1,
            @"~^Expected JSON but got text/plain: \{.*… \(a proxy, a login page or a wrong API host\?\) "
            + @"\[HTTP 200 GET {path}\]$"),
        new("an empty body where JSON is due",
            () => new[] { Fault("emptyBody") },
            "InvalidResponse", 1, "Expected a JSON body but the answer was empty [HTTP 200 GET {path}]"),
        new("a redirect to another host",
            () => new[] { Status(302, body: "", location: "http://localhost:9/steal") },
            "InvalidResponse", 1,
            "PostHog redirected the request (HTTP 302) to http://localhost:9/steal; redirects are not followed so "
            + "that the API key stays with the configured host [HTTP 302 GET {path}]"),
        new("a proxy page that echoes the request's headers",
            () => new[] { Fault("echoHeaders", new { status = 502, times = -1 }) },
            "ServerError", 3,
            @"~^HTTP 502 with text/html: .*Authorization: Bearer \[redacted\].* "
            + @"\[HTTP 502 GET {path}, 3 tries\]$"),
        new("401 in PostHog's shape",
            () => new[] { Status(401) },
            "AuthenticationFailed", 1, "Authentication credentials were not provided. [HTTP 401 GET {path}]"),
        new("403 missing scope in PostHog's shape",
            () => new[] { Status(403, PostHogError(
                "authentication_error", "permission_denied", "API key missing required scope 'person:read'")) },
            "PermissionDenied", 1, "API key missing required scope 'person:read' [HTTP 403 GET {path}]"),
        new("404 in PostHog's shape",
            () => new[] { Status(404) },
            "PersonNotFound", 1, "Not found. [HTTP 404 GET {path}]"),
        new("400 in PostHog's shape",
            () => new[]
            {
                Status(400, PostHogError("validation_error", "invalid_input", "Enter a valid value.", "distinct_id")),
            },
            "InvalidRequest", 1, "Enter a valid value. (field 'distinct_id') [HTTP 400 GET {path}]"),
        new("400 built by hand with code and detail swapped",
            () => new[] { Status(400, new
            {
                attr = "properties", code = "This field is required.", detail = "required", type = "validation_error",
            }) },
            "InvalidRequest", 1, "This field is required. (field 'properties') [HTTP 400 GET {path}]"),
        new("400 in lifecycle's message and detail shape",
            () => new[]
            {
                Status(400, new { message = "Missing parameter", detail = "Need to specify target_date" }),
            },
            "InvalidRequest", 1, "Missing parameter: Need to specify target_date [HTTP 400 GET {path}]"),
        new("400 in properties_at_time's error shape",
            () => new[] { Status(400, new { error = "timestamp is required" }) },
            "InvalidRequest", 1, "timestamp is required [HTTP 400 GET {path}]"),
        new("400 in delete_property's success and detail shape",
            () => new[] { Status(400, new { success = false, detail = "Unable to delete property" }) },
            "InvalidRequest", 1, "Unable to delete property [HTTP 400 GET {path}]"),
        new("405 in PostHog's shape",
            () => new[] { Status(405) },
            "RequestFailed", 1, "Method \"GET\" not allowed. [HTTP 405 GET {path}]"),
        new("a 502, then a reset, then a stall: three faults in a row",
            () => new[]
            {
                Status(502),
                Fault("reset"),
                Fault("stall", new { delayMs = 20000 }),
            },
            FaultCase.Recovered, 4, Options: "-MaximumRetryCount 3 -RetryIntervalSec 0 -TimeoutSec 1"),
    };

    private static string Status(
        int status, object body = null, string retryAfter = null, string location = null, int times = 1)
        => FaultCase.Status(status, body, retryAfter, location, times);

    private static string Fault(string kind, object fields = null) => FaultCase.Fault(kind, fields);

    private static object PostHogError(string type, string code, string detail, string attr = null)
        => new { type, code, detail, attr };

    private readonly TestServer _server = TestServer.Shared;
    private readonly HostedPowerShell _shell = new();
    private readonly string _uuid;

    public FaultInjectionTests()
    {
        _server.Reset(20);
        _shell.Connect(_server);
        _uuid = _server.Api("/api/projects/1/persons/?limit=1").GetProperty("results")[0]
            .GetProperty("uuid").GetString();
        _server.ClearRequests();
    }

    public void Dispose() => _shell.Dispose();

    /// <summary>The names of the cases, for the theory below and for the README count.</summary>
    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (FaultCase c in Cases)
        {
            names.Add(c.Name);
        }

        return names;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_fault_has_its_defined_outcome(string name)
    {
        FaultCase fault = Cases.Single(c => c.Name == name);
        foreach (var rule in fault.RulesFor(_uuid))
        {
            _server.AddFault(rule);
        }

        string path = $"/api/projects/1/persons/{_uuid}/";
        ScriptResult result = _shell.Invoke(
            $"Get-PHPerson -Uuid $args[0] -Verbose {fault.Options} -ErrorAction Continue", null, _uuid);

        if (fault.Outcome == FaultCase.Recovered)
        {
            Assert.Empty(result.Errors);
            Assert.Equal(_uuid, ((PHPerson)Assert.Single(result.Output).BaseObject).Uuid);
        }
        else
        {
            Assert.Empty(result.Output);
            ErrorRecordMatches(Assert.Single(result.Errors), fault, path);
        }

        List<ServerRequest> requests = _server.RequestsWhenAtLeast(fault.Requests);
        Assert.Equal(fault.Requests, requests.Count);
        Assert.All(requests, r => Assert.Equal("GET " + path, r.Method + " " + r.PathAndQuery));
        Assert.Equal(
            fault.Requests - 1,
            result.Verbose.Count(v => v.StartsWith("Retry ", StringComparison.Ordinal)));
        if (fault.Verbose != null)
        {
            string pattern = fault.Verbose.Replace("{path}", Regex.Escape(path));
            Assert.Contains(result.Verbose, line => Regex.IsMatch(line, pattern));
        }

        Assert.DoesNotContain(result.AllText, text => text.Contains(TestServer.FullKey));
    }

    private static void ErrorRecordMatches(ErrorRecord error, FaultCase fault, string path)
    {
        Assert.Equal(fault.Outcome + "," + Cmdlet, error.FullyQualifiedErrorId);
        if (fault.Message == null)
        {
            return;
        }

        string message = error.Exception.Message;
        if (fault.Message.StartsWith('~'))
        {
            string pattern = fault.Message.Substring(1).Replace("{path}", Regex.Escape(path));
            Assert.Matches(new Regex(pattern, RegexOptions.Singleline), message);
        }
        else
        {
            Assert.Equal(fault.Message.Replace("{path}", path), message);
        }
    }

    [Fact]
    public void An_unknown_key_is_AuthenticationFailed_after_one_request()
    {
        _shell.Connect(_server, "phx_no_such_key_0001");

        ScriptResult result = _shell.Invoke("Get-PHPerson -Uuid $args[0] -ErrorAction Continue", null, _uuid);

        Assert.Equal(new[] { "AuthenticationFailed," + Cmdlet }, result.ErrorIds);
        Assert.Equal("Personal API key found in request Authorization header is invalid. "
            + $"[HTTP 401 GET /api/projects/1/persons/{_uuid}/]", result.Errors[0].Exception.Message);
        Assert.Single(_server.Requests());
    }

    [Fact]
    public void A_key_without_the_read_scope_is_PermissionDenied_naming_the_scope()
    {
        _server.AddKey("phx_cohorts_only_key", "cohort:read");
        _shell.Connect(_server, "phx_cohorts_only_key");

        ScriptResult result = _shell.Invoke("Get-PHPerson -First 1 -ErrorAction Continue");

        Assert.Equal(new[] { "PermissionDenied," + Cmdlet }, result.ErrorIds);
        Assert.Equal("API key missing required scope 'person:read' [HTTP 403 GET /api/projects/1/persons/?limit=1]",
            result.Errors[0].Exception.Message);
    }

    [Fact]
    public void An_unknown_project_is_ProjectNotFound()
    {
        _shell.Invoke(
            "Connect-PHProject -ApiHost $args[0] -ProjectId 999 "
            + "-ApiKey (ConvertTo-SecureString $args[1] -AsPlainText -Force)",
            null, _server.BaseUrl, TestServer.FullKey);

        ScriptResult result = _shell.Invoke("Get-PHPerson -First 1 -ErrorAction Continue");

        Assert.Equal(new[] { "ProjectNotFound," + Cmdlet }, result.ErrorIds);
        Assert.Equal(
            "Project not found. [HTTP 404 GET /api/projects/999/persons/?limit=1]",
            result.Errors[0].Exception.Message);
    }

    [Fact]
    public void An_unknown_person_is_a_non_terminating_PersonNotFound_after_one_request()
    {
        const string missing = "00000000-0000-4000-8000-00000000abcd";

        ScriptResult result = _shell.Invoke(
            "$args[0], $args[1] | Get-PHPerson -ErrorAction Continue", null, missing, _uuid);

        Assert.Equal(new[] { "PersonNotFound," + Cmdlet }, result.ErrorIds);
        Assert.Equal(_uuid, ((PHPerson)Assert.Single(result.Output).BaseObject).Uuid);
        Assert.Equal(2, _server.Requests().Count);
    }
}
