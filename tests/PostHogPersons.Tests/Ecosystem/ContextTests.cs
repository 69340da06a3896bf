using PostHogPersons.Models;
using PostHogPersons.Tests.Infrastructure;
using Xunit;

namespace PostHogPersons.Tests.Ecosystem;

/// <summary>-Context, -NoDefault and what a PHContext shows.</summary>
public sealed class ContextTests : IDisposable
{
    private const string Get = ",PostHogPersons.Commands.GetPHPersonCommand";
    private const string First = "/api/projects/1/persons/?limit=1";

    private readonly HostedPowerShell _shell = new();
    private readonly StubPostHog _a = new(_ => new StubAnswer(200, StubPostHog.PersonsPage("{\"project\":\"a\"}")));
    private readonly StubPostHog _b = new(_ => new StubAnswer(200, StubPostHog.PersonsPage("{\"project\":\"b\"}")));

    public void Dispose()
    {
        _shell.Invoke("Disconnect-PHProject");
        _shell.Dispose();
        _a.Dispose();
        _b.Dispose();
    }

    private ScriptResult ConnectA(string extra) => _shell.Invoke(
        "$a = Connect-PHProject -ApiHost $args[0] -ProjectId 1 "
        + "-ApiKey (ConvertTo-SecureString 'phx_key_of_a' -AsPlainText -Force) " + extra,
        null, _a.BaseUrl);

    private string ProjectOf(string script) =>
        (string)((PHPerson)_shell.Invoke(script).Output.Single().BaseObject).Properties["project"];

    [Fact]
    public void One_script_works_on_two_projects_with_NoDefault_and_Context()
    {
        ScriptResult connect = ConnectA("-NoDefault -Verbose");
        _shell.ConnectTo(_b.BaseUrl);

        Assert.Equal("a", ProjectOf("Get-PHPerson -Context $a -First 1"));
        Assert.Equal("b", ProjectOf("Get-PHPerson -First 1"));
        Assert.Equal(new[] { First }, _a.Targets);
        Assert.Equal(new[] { First }, _b.Targets);
        Assert.Equal("Bearer phx_key_of_a", _a.Requests[0].Header("Authorization"));
        Assert.Equal(
            $"Connected to project 1 at {_a.BaseUrl}/ (key from Parameter); the session default is unchanged",
            Assert.Single(connect.Verbose));
    }

    [Fact]
    public void NoDefault_leaves_the_session_unconnected_when_it_was()
    {
        // The session is process-wide: an earlier test class may have left it connected.
        _shell.Invoke("Disconnect-PHProject");
        ConnectA("-NoDefault");

        ScriptResult result = _shell.Invoke("Get-PHPerson -First 1");

        Assert.Equal(new[] { "NotConnected" + Get }, result.ErrorIds);
        Assert.Equal("a", ProjectOf("Get-PHPerson -Context $a -First 1"));
    }

    [Fact]
    public void A_passed_through_context_outlives_a_new_default_but_not_Disconnect()
    {
        ConnectA("-PassThru");
        _shell.ConnectTo(_b.BaseUrl);
        Assert.Equal("a", ProjectOf("Get-PHPerson -Context $a -First 1"));

        _shell.Invoke("Disconnect-PHProject -Context $a");
        ScriptResult closed = _shell.Invoke("Get-PHPerson -Context $a -First 1");

        Assert.Equal(new[] { "ContextDisconnected" + Get }, closed.ErrorIds);
        Assert.Equal(
            $"The connection to PostHog project 1 at {_a.BaseUrl}/ was closed by Disconnect-PHProject. "
            + "Run Connect-PHProject -PassThru again.",
            closed.Errors[0].Exception.Message);
        Assert.Equal("b", ProjectOf("Get-PHPerson -First 1"));
    }

    [Fact]
    public void Disconnecting_the_default_closes_its_context_too()
    {
        ConnectA("-PassThru");

        _shell.Invoke("Disconnect-PHProject");

        Assert.Equal(new[] { "ContextDisconnected" + Get }, _shell.Invoke("Get-PHPerson -Context $a").ErrorIds);
    }

    [Fact]
    public void A_context_not_made_by_Connect_PHProject_is_InvalidContext()
    {
        ScriptResult result = _shell.Invoke("Get-PHPerson -Context ([PostHogPersons.Models.PHContext]::new())");

        Assert.Equal(new[] { "InvalidContext" + Get }, result.ErrorIds);
    }

    [Fact]
    public void A_context_shows_no_secret_in_any_property_string_or_format()
    {
        ConnectA("-NoDefault");

        ScriptResult result = _shell.Invoke(
            "$a.psobject.Properties.Name -join ','; \"$a\"; $a | ConvertTo-Json -Depth 6; "
            + "$a | Format-List * | Out-String; $a | Format-Table * | Out-String");

        Assert.Equal(
            "ApiHost,ProjectId,IngestHost,KeySource,HasProjectToken,MaximumRetryCount,RetryIntervalSec,"
            + "TimeoutSec,Proxy,SkipCertificateCheck",
            result.Output[0].ToString());
        Assert.Equal($"PostHog project 1 at {_a.BaseUrl}/", result.Output[1].ToString());
        Assert.DoesNotContain(result.AllText, line => line.Contains("phx_key_of_a"));
    }
}
