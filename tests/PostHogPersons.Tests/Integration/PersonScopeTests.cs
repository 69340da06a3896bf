using System.Management.Automation;
using PostHogPersons.Tests.Infrastructure;
using Xunit;

namespace PostHogPersons.Tests.Integration;

/// <summary>
/// What each persons cmdlet says when a scoped personal API key may not run it: the missing
/// scope by name, or, for endpoints without a scope, that only an unscoped key or a browser
/// session can use them.
/// </summary>
public sealed class PersonScopeTests : IDisposable
{
    private const string Explanation =
        "PostHog lets no personal API key with scopes use this endpoint, not even one with every scope ('*'), "
        + "because the endpoint has no API scope. Connect with a personal API key that has no scopes (an older key "
        + "with full access), or use the PostHog app in a browser session. PostHog said: This action does not "
        + "support Personal API Key access [HTTP 403 GET ";

    private readonly TestServer _server = TestServer.Shared;
    private readonly HostedPowerShell _shell = new();
    private readonly string _uuid;

    public PersonScopeTests()
    {
        _server.Reset(50);
        _uuid = _server.Api("/api/projects/1/persons/?limit=1").GetProperty("results")[0].GetProperty("uuid").GetString();
        _server.AddKey("phx_scoped_person_read", "person:read");
        _server.AddKey("phx_scoped_cohort_read", "cohort:read");
        _server.Configure(new { legacyFunnelCorrelation = true });
    }

    public void Dispose() => _shell.Dispose();

    [Theory]
    [InlineData("phx_scoped_person_read", "Get-PHPersonCohort -Uuid $args[0]", "GetPHPersonCohortCommand",
        "API key missing required scope 'cohort:read' [HTTP 403 GET /api/projects/1/persons/cohorts/?person_id={uuid}]")]
    [InlineData("phx_scoped_cohort_read", "Get-PHPersonCohort -Uuid $args[0]", "GetPHPersonCohortCommand",
        "API key missing required scope 'person:read' [HTTP 403 GET /api/projects/1/persons/cohorts/?person_id={uuid}]")]
    [InlineData("phx_scoped_person_read", "Get-PHPersonActivity -Uuid $args[0]", "GetPHPersonActivityCommand",
        "API key missing required scope 'activity_log:read' [HTTP 403 GET /api/projects/1/persons/{uuid}/activity/?limit=100]")]
    [InlineData("phx_scoped_cohort_read", "Get-PHPersonPropertyValue plan", "GetPHPersonPropertyValueCommand",
        "API key missing required scope 'person:read' [HTTP 403 GET /api/projects/1/persons/values/?key=plan]")]
    [InlineData("phx_scoped_cohort_read", "Get-PHPersonDeletionStatus", "GetPHPersonDeletionStatusCommand",
        "API key missing required scope 'person:read' [HTTP 403 GET /api/projects/1/persons/deletion_status/]")]
    [InlineData("phx_scoped_person_read", "Reset-PHPersonDistinctId x -Confirm:$false", "ResetPHPersonDistinctIdCommand",
        "API key missing required scope 'person:write' [HTTP 403 POST /api/projects/1/persons/reset_person_distinct_id/]")]
    public void A_missing_scope_is_a_terminating_PermissionDenied_that_names_it(
        string key, string script, string command, string message)
    {
        _shell.Connect(_server, key);
        _server.ClearRequests();

        ScriptResult result = _shell.Invoke(script + " -ErrorAction Continue", null, _uuid);

        ErrorRecord error = Assert.Single(result.Errors);
        Assert.Equal($"PermissionDenied,PostHogPersons.Commands.{command}", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
        Assert.Equal(message.Replace("{uuid}", _uuid), error.Exception.Message);
        Assert.Equal(403, Assert.Single(_server.Requests()).Status);
        Assert.DoesNotContain(result.AllText, text => text.Contains(key));
    }

    [Theory]
    [InlineData("Get-PHPersonPropertyTimeline -Uuid $args[0]", "GetPHPersonPropertyTimelineCommand",
        "/api/projects/1/persons/{uuid}/properties_timeline/]")]
    [InlineData("Get-PHPersonLifecycle '$pageview' -TargetDate 2025-06-01 -LifecycleType dormant", "GetPHPersonLifecycleCommand",
        "/api/projects/1/persons/lifecycle/?target_date=2025-06-01&lifecycle_type=dormant&events=%5B%7B%22id%22%3A%22%24pageview"
        + "%22%2C%22type%22%3A%22events%22%2C%22order%22%3A0%7D%5D]")]
    [InlineData("Get-PHPersonTrend -ActionId 7", "GetPHPersonTrendCommand",
        "/api/projects/1/persons/trends/?actions=%5B%7B%22id%22%3A7%2C%22type%22%3A%22actions%22%2C%22order%22%3A0%7D%5D"
        + "&entity_id=7&entity_type=actions]")]
    [InlineData("Get-PHPersonFunnel a, b -Step 2", "GetPHPersonFunnelCommand",
        "/api/projects/1/persons/funnel/?events=%5B%7B%22id%22%3A%22a%22%2C%22type%22%3A%22events%22%2C%22order%22%3A0%7D%2C"
        + "%7B%22id%22%3A%22b%22%2C%22type%22%3A%22events%22%2C%22order%22%3A1%7D%5D&funnel_step=2]")]
    [InlineData("Get-PHPersonFunnelCorrelation -Filter @{ events = @(@{ id = 'a' }) } -CorrelationEvent c", "GetPHPersonFunnelCorrelationCommand",
        "/api/projects/1/persons/funnel/correlation/]")]
    public void An_endpoint_without_a_scope_explains_that_scoped_keys_cannot_use_it(string script, string command, string path)
    {
        _shell.Connect(_server, "phx_test_star");
        _server.ClearRequests();

        ScriptResult result = _shell.Invoke(script, null, _uuid);

        ErrorRecord error = Assert.Single(result.Errors);
        Assert.Equal($"PersonalApiKeyNotSupported,PostHogPersons.Commands.{command}", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
        string method = script.Contains("-Filter") ? "POST " : "";
        Assert.Equal(Explanation.Replace("GET ", method.Length > 0 ? method : "GET ") + path.Replace("{uuid}", _uuid),
            error.Exception.Message);
        Assert.Equal(403, Assert.Single(_server.Requests()).Status);
    }

    [Fact]
    public void A_legacy_key_without_scopes_may_use_them()
    {
        _shell.Connect(_server, TestServer.FullKey);

        ScriptResult result = _shell.Invoke(
            "Get-PHPersonPropertyTimeline -Uuid $args[0] | Out-Null; Get-PHPersonLifecycle '$pageview' -TargetDate 2025-06-01 -LifecycleType new",
            null, _uuid);

        Assert.Empty(result.Errors);
    }
}
