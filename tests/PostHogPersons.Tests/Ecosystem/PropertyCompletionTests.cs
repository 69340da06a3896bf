using System.Diagnostics;
using System.Management.Automation;
using PostHogPersons.Client;
using PostHogPersons.Tests.Infrastructure;
using Xunit;

namespace PostHogPersons.Tests.Ecosystem;

/// <summary>Tab completion of person property keys and values, against a stub PostHog.</summary>
public sealed class PropertyCompletionTests : IDisposable
{
    private const string Sample = "/api/projects/1/persons/?limit=100";

    private static readonly string Persons = StubPostHog.PersonsPage(
        "{\"plan\":\"pro\",\"email\":\"a@example.com\",\"$geoip_country_code\":\"DE\"}",
        "{\"plan\":\"free\",\"Plan Name\":\"Free\",\"O'Brien\":1}",
        "{\"age\":30,\"2fa\":true}");

    private readonly HostedPowerShell _shell = new();
    private readonly StubPostHog _stub;
    private int _personsStatus = 200;
    private int _delayMs;

    public PropertyCompletionTests()
    {
        _stub = new StubPostHog(request => request.Target switch
        {
            Sample => new StubAnswer(_personsStatus, _personsStatus == 200 ? Persons : "{\"detail\":\"no\"}", _delayMs),
            "/api/projects/1/persons/values/?key=plan&value=p" => new StubAnswer(200,
                "{\"results\":[{\"name\":\"pro\",\"count\":12},{\"name\":\"premium\",\"count\":3},"
                + "{\"name\":\"Pay as you go\",\"count\":1}]}"),
            "/api/projects/1/persons/values/?key=age" => new StubAnswer(200, "[{\"name\":30,\"count\":2}]"),
            string t when t.StartsWith("/api/projects/1/persons/?properties=") => new StubAnswer(200, Persons),
            _ => new StubAnswer(404, "{\"type\":\"invalid_request\",\"code\":\"not_found\",\"detail\":\"Not found.\"}"),
        });
        _shell.ConnectTo(_stub.BaseUrl);
        _shell.Invoke(
            "function Set-TestProperty { param("
            + "[ArgumentCompleter([PostHogPersons.Commands.PersonPropertyKeyCompleter])] [string] $Name, "
            + "[ArgumentCompleter([PostHogPersons.Commands.PersonPropertyValueCompleter])] [string] $Value, "
            + "[PostHogPersons.Models.PHContext] $Context) }");
    }

    public void Dispose()
    {
        PropertyCatalog.UtcNow = () => DateTime.UtcNow;
        _shell.Invoke("Disconnect-PHProject");
        _shell.Dispose();
        _stub.Dispose();
    }

    private static List<string> Texts(IEnumerable<CompletionResult> results) =>
        results.Select(r => r.CompletionText).ToList();

    [Fact]
    public void Property_keys_of_the_sampled_persons_complete_sorted_and_quoted_where_needed()
    {
        List<CompletionResult> results = _shell.Complete("Get-PHPerson -Property ");

        Assert.Equal(
            new[] { "'$geoip_country_code'", "'2fa'", "age", "email", "'O''Brien'", "plan", "'Plan Name'" },
            Texts(results));
        CompletionResult plan = results.Single(r => r.ListItemText == "plan");
        Assert.Equal("plan (on 2 of 3 sampled persons)", plan.ToolTip);
        Assert.Equal(CompletionResultType.ParameterValue, plan.ResultType);
        RawRequest request = Assert.Single(_stub.Requests);
        Assert.Equal("GET " + Sample + " HTTP/1.1", request.Line);
        Assert.Equal("Bearer " + HostedPowerShellExtensions.StubKey, request.Header("Authorization"));
    }

    [Fact]
    public void What_was_typed_filters_the_keys_ignoring_case_and_a_typed_quote_is_kept()
    {
        Assert.Equal(new[] { "plan", "'Plan Name'" }, Texts(_shell.Complete("Get-PHPerson -Property PL")));
        Assert.Equal(new[] { "'$geoip_country_code'" }, Texts(_shell.Complete("Get-PHPerson -Property '$ge")));
        Assert.Equal(new[] { "'email'" }, Texts(_shell.Complete("Get-PHPerson -Property 'em")));
        Assert.Equal(new[] { "age" }, Texts(_shell.Complete("Set-TestProperty -Name a")));
        Assert.Single(_stub.Targets);
    }

    [Fact]
    public void The_sample_is_cached_for_five_minutes_per_connection()
    {
        DateTime now = DateTime.UtcNow;
        PropertyCatalog.UtcNow = () => now;
        _shell.Complete("Get-PHPerson -Property ");
        now = now.AddMinutes(4).AddSeconds(59);
        _shell.Complete("Get-PHPerson -Property p");
        Assert.Equal(new[] { Sample }, _stub.Targets);

        now = now.AddSeconds(2);
        Assert.Equal(new[] { "plan", "'Plan Name'" }, Texts(_shell.Complete("Get-PHPerson -Property p")));
        Assert.Equal(new[] { Sample, Sample }, _stub.Targets);

        _shell.ConnectTo(_stub.BaseUrl);
        _shell.Complete("Get-PHPerson -Property p");
        Assert.Equal(new[] { Sample, Sample, Sample }, _stub.Targets);
    }

    [Fact]
    public void A_slow_server_gives_no_completion_after_about_two_seconds_and_is_not_asked_again_at_once()
    {
        _delayMs = 10000;
        var clock = Stopwatch.StartNew();

        List<CompletionResult> results = _shell.Complete("Get-PHPerson -Property ");

        Assert.Empty(results);
        Assert.InRange(clock.ElapsedMilliseconds, 1500, 4000);
        clock.Restart();
        Assert.Empty(_shell.Complete("Get-PHPerson -Property p"));
        Assert.InRange(clock.ElapsedMilliseconds, 0, 1000);
        Assert.Equal(new[] { Sample }, _stub.Targets);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(500)]
    public void An_error_answer_gives_no_completion_and_no_error(int status)
    {
        _personsStatus = status;

        Assert.Empty(_shell.Complete("Get-PHPerson -Property "));
        Assert.Equal(new[] { Sample }, _stub.Targets);
    }

    [Fact]
    public void Without_a_connection_nothing_is_offered_and_nothing_is_sent()
    {
        _shell.Invoke("Disconnect-PHProject");

        Assert.Empty(_shell.Complete("Get-PHPerson -Property "));
        Assert.Empty(_shell.Complete("Set-TestProperty -Name plan -Value p"));
        Assert.Empty(_stub.Targets);
    }

    [Fact]
    public void The_Context_on_the_line_decides_which_project_is_sampled()
    {
        using var other = new StubPostHog(_ => new StubAnswer(200, StubPostHog.PersonsPage("{\"tier\":\"gold\"}")));
        _shell.Invoke(
            "$other = Connect-PHProject -ApiHost $args[0] -ProjectId 1 -NoDefault "
            + "-ApiKey (ConvertTo-SecureString 'phx_other' -AsPlainText -Force)", null, other.BaseUrl);

        Assert.Equal(new[] { "tier" }, Texts(_shell.Complete("Get-PHPerson -Context $other -Property ")));
        Assert.Equal(new[] { Sample }, other.Targets);
        Assert.Empty(_stub.Targets);
    }

    [Fact]
    public void Values_come_from_persons_values_for_the_key_on_the_line()
    {
        List<CompletionResult> results = _shell.Complete("Set-TestProperty -Name plan -Value p");

        Assert.Equal(new[] { "pro", "premium", "'Pay as you go'" }, Texts(results));
        Assert.Equal("pro (12 persons)", results[0].ToolTip);
        Assert.Equal(new[] { "/api/projects/1/persons/values/?key=plan&value=p" }, _stub.Targets);
        Assert.Equal(new[] { "'30'" }, Texts(_shell.Complete("Set-TestProperty -Name age -Value ")));
    }

    [Fact]
    public void Values_without_a_key_or_without_the_endpoint_give_nothing()
    {
        Assert.Empty(_shell.Complete("Set-TestProperty -Value p"));
        Assert.Empty(_stub.Targets);

        Assert.Empty(_shell.Complete("Set-TestProperty -Name email -Value a"));
        Assert.Equal(new[] { "/api/projects/1/persons/values/?key=email&value=a" }, _stub.Targets);
    }

    [Fact]
    public void A_bare_key_in_Property_filters_persons_that_have_the_property()
    {
        ScriptResult result = _shell.Invoke("Get-PHPerson -Property plan -First 1");

        Assert.Empty(result.Errors);
        Assert.Equal(
            "/api/projects/1/persons/?properties=%5B%7B%22key%22%3A%22plan%22%2C%22operator%22%3A%22is_set%22%2C"
            + "%22type%22%3A%22person%22%7D%5D&limit=1",
            Assert.Single(_stub.Targets));
    }
}
