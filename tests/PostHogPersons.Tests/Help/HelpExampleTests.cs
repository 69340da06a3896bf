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
            Assert.Equal("http://127.0.0.1:9/", ExampleRunner.OffMachineGuard.GetProxy(new Uri(uri))?.AbsoluteUri);
        }
    }
}
