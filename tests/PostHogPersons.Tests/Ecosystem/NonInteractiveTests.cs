using PostHogPersons.Tests.Infrastructure;
using PostHogPersons.Tests.Support;
using Xunit;

namespace PostHogPersons.Tests.Ecosystem;

/// <summary>
/// A change that would prompt, run unattended: pwsh -NonInteractive and a closed standard
/// input must fail with ConfirmationRequired instead of hanging or guessing, and the exit
/// codes a scheduled task sees must be the documented ones.
/// </summary>
public sealed class NonInteractiveTests
{
    private const string Id = "ConfirmationRequired,PostHogPersons.Tests.Support.InvokePHTestChangeCommand";

    private static readonly string Imports =
        $"Import-Module '{HostedPowerShell.ModulePath}'\n"
        + $"Import-Module '{typeof(InvokePHTestChangeCommand).Assembly.Location}'\n";

    private static ChildResult RunFile(string body, bool nonInteractive = true)
    {
        string path = ChildPowerShell.WriteScript(Imports + body);
        try
        {
            return nonInteractive
                ? ChildPowerShell.Run("-NonInteractive", "-File", path)
                : ChildPowerShell.Run("-File", path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void With_ErrorActionPreference_Stop_the_script_stops_and_exits_1()
    {
        ChildResult result = RunFile("$ErrorActionPreference = 'Stop'\nInvoke-PHTestChange t1\n'after'\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Output.Trim());
        Assert.Contains("needs confirmation, but this session cannot prompt", result.Error);
    }

    [Fact]
    public void A_catch_sees_ConfirmationRequired_and_exit_sets_the_code()
    {
        ChildResult result = RunFile(
            "try { Invoke-PHTestChange t1 -ErrorAction Stop }\n"
            + "catch { $_.FullyQualifiedErrorId; $_.Exception.Message; exit 3 }\n");

        Assert.Equal(3, result.ExitCode);
        Assert.Equal(
            new[]
            {
                Id,
                "'Change' on t1 needs confirmation, but this session cannot prompt. Add -Force or "
                + "-Confirm:$false to run it unattended, or -WhatIf to preview it.",
            },
            result.Lines);
    }

    [Fact]
    public void Without_Stop_the_error_sets_dollar_question_false_and_the_script_goes_on_to_exit_0()
    {
        ChildResult result = RunFile("Invoke-PHTestChange t1\n\"ok=$?\"\n'after'\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(new[] { "ok=False", "after" }, result.Lines);
    }

    [Fact]
    public void Force_Confirm_false_and_WhatIf_run_unattended()
    {
        ChildResult result = RunFile(
            "Invoke-PHTestChange t1 -Force\nInvoke-PHTestChange t2 -Confirm:$false\n"
            + "Invoke-PHTestChange t3 -WhatIf\nInvoke-PHTestChange t4 -Force -WhatIf\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            new[]
            {
                "changed t1",
                "changed t2",
                "What if: Performing the operation \"Change\" on target \"t3\".",
                "What if: Performing the operation \"Change\" on target \"t4\".",
            },
            result.Lines);
    }

    [Fact]
    public void Without_NonInteractive_a_closed_standard_input_is_ConfirmationRequired_too()
    {
        ChildResult result = RunFile(
            "try { Invoke-PHTestChange t1 -ErrorAction Stop } catch { $_.FullyQualifiedErrorId; exit 3 }\n",
            nonInteractive: false);

        Assert.Equal(3, result.ExitCode);
        Assert.EndsWith(Id, result.Lines.Last());
        Assert.DoesNotContain("changed", result.Output);
    }

    [Fact]
    public void A_Command_whose_last_statement_fails_exits_1()
    {
        ChildResult result = ChildPowerShell.Run("-NonInteractive", "-Command", Imports + "Invoke-PHTestChange t1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("needs confirmation", result.Error);
    }

    [Fact]
    public void A_hosted_runspace_without_a_user_interface_gets_ConfirmationRequired()
    {
        using var shell = new HostedPowerShell();
        shell.Invoke($"Import-Module '{typeof(InvokePHTestChangeCommand).Assembly.Location}'");

        ScriptResult result = shell.Invoke("Invoke-PHTestChange t1");

        Assert.Equal(new[] { Id }, result.ErrorIds);
        Assert.Empty(result.Output);
    }
}
