using PostHogPersons.HelpBuilder;
using PostHogPersons.Tests.Infrastructure;
using Xunit;

namespace PostHogPersons.Tests.Help;

/// <summary>
/// Every example in docs/ runs without an error against a freshly seeded local server,
/// the examples that change or delete data included. See README, "Writing help".
/// </summary>
public sealed class HelpExampleTests
{
    [Theory]
    [MemberData(nameof(HelpPages.Examples), MemberType = typeof(HelpPages))]
    public void The_example_runs_without_error(string cmdlet, int number)
    {
        HelpExample example = HelpPages.Page(cmdlet).Examples[number - 1];
        Assert.True(
            example.CodeBlocks[0].IsPowerShell,
            $"{cmdlet} '{example.Title}': the first code block must be PowerShell.");

        using var runner = new ExampleRunner(TestServer.Shared);
        ScriptResult result = runner.Invoke(example.Code);

        Assert.True(result.Errors.Count == 0,
            $"docs/{cmdlet}.md line {example.Line}, '{example.Title}' failed:" + Environment.NewLine
            + string.Join(Environment.NewLine, result.Errors.Select(ExampleRunner.Describe)));
    }

    [Fact]
    public void A_cloud_connection_in_an_example_goes_to_the_local_server()
    {
        TestServer server = TestServer.Shared;
        using var runner = new ExampleRunner(server);

        ScriptResult result = runner.Invoke(
            "$key = Read-Host -AsSecureString -Prompt 'key'\n"
            + "Connect-PHProject -ApiHost eu -ProjectId 12345 -ApiKey $key -PassThru\n"
            + "Get-PHPerson -First 2");

        Assert.Empty(result.Errors);
        var context = (Models.PHContext)result.Output[0].BaseObject;
        Assert.Equal(server.BaseUrl + "/", context.ApiHost.AbsoluteUri);
        Assert.Equal(ExampleRunner.ProjectId, context.ProjectId);
        Assert.Equal(2, result.Output.Count(o => o.BaseObject is Models.PHPerson));
        ServerRequest request = Assert.Single(server.Requests());
        Assert.Equal("/api/projects/1/persons/?limit=2", request.PathAndQuery);
        Assert.Equal("Bearer " + TestServer.FullKey, request.Authorization);
    }

    [Fact]
    public void An_error_in_an_example_fails_it_even_when_PowerShell_would_go_on()
    {
        using var runner = new ExampleRunner(TestServer.Shared);

        ScriptResult result = runner.Invoke(
            "Get-PHPerson -Uuid '00000000-0000-4000-8000-000000000001'; 'not reached'");

        Assert.Equal(
            "PersonNotFound,PostHogPersons.Commands.GetPHPersonCommand",
            Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void An_example_starts_with_200_persons_and_persons_csv_in_an_empty_folder()
    {
        using var runner = new ExampleRunner(TestServer.Shared);

        ScriptResult result = runner.Invoke(
            "(Get-PHPerson -IncludeTotalCount -First 1)[0]; (Get-ChildItem).Name; "
            + "(Import-Csv ./persons.csv | Get-PHPerson).Count");

        Assert.Empty(result.Errors);
        Assert.Equal(
            new object[] { (ulong)ExampleRunner.SeedCount, "persons.csv", 5 },
            result.Output.Select(o => o.BaseObject));
    }

    [Theory]
    [InlineData("https://us.posthog.com/", false)]
    [InlineData("https://eu.posthog.com/api/projects/1/persons/", false)]
    [InlineData("https://us.i.posthog.com/batch/", false)]
    [InlineData("http://127.0.0.1:5000/api/", true)]
    [InlineData("http://localhost:5000/", true)]
    public void Only_loopback_requests_bypass_the_guard_proxy(string uri, bool direct)
    {
        Assert.Equal(direct, ExampleRunner.OffMachineGuard.IsBypassed(new Uri(uri)));
        if (!direct)
        {
            Uri proxy = ExampleRunner.OffMachineGuard.GetProxy(new Uri(uri));
            Assert.Equal("http://127.0.0.1:9/", proxy?.AbsoluteUri);
        }
    }
}
