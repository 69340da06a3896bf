using PostHogPersons.Tests.Infrastructure;
using Xunit;

namespace PostHogPersons.Tests.Writes;

/// <summary>The destructive cmdlets in pwsh -NonInteractive, as a scheduled task runs them.</summary>
public sealed class UnattendedWriteTests
{
    private readonly TestServer _server = TestServer.Shared;

    private ChildResult RunFile(string body)
    {
        string path = ChildPowerShell.WriteScript(
            $"Import-Module '{HostedPowerShell.ModulePath}'\n"
            + $"Connect-PHProject -ApiHost '{_server.BaseUrl}' -ProjectId 1 "
            + $"-ApiKey (ConvertTo-SecureString '{TestServer.FullKey}' -AsPlainText -Force)\n"
            + body);
        try
        {
            return ChildPowerShell.Run("-NonInteractive", "-File", path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("Remove-PHPerson", "RemovePHPersonCommand", "'Delete person' on person {0}")]
    [InlineData("Invoke-PHPersonBulkDelete", "InvokePHPersonBulkDeleteCommand",
        "'Delete persons' on 1 person UUID in 1 bulk_delete request of at most 1,000; first: {0}")]
    [InlineData("Split-PHPerson -MainDistinctId x", "SplitPHPersonCommand",
        "'Split: keep distinct id x, move every other one to a new person' on person {0}")]
    public void Without_Force_the_change_fails_with_an_error_naming_Force_and_nothing_is_sent(
        string command, string type, string what)
    {
        _server.Reset(3);
        string uuid = _server.Newest(1)[0].Uuid;

        ChildResult result = RunFile(
            $"try {{ '{uuid}' | {command} -ErrorAction Stop }} "
            + "catch { $_.FullyQualifiedErrorId; $_.Exception.Message; exit 3 }\n");

        Assert.Equal(3, result.ExitCode);
        Assert.Equal(
            new[]
            {
                $"ConfirmationRequired,PostHogPersons.Commands.{type}",
                string.Format(what, uuid) + " needs confirmation, but this session cannot prompt. Add -Force or "
                + "-Confirm:$false to run it unattended, or -WhatIf to preview it.",
            },
            result.Lines);
        Assert.DoesNotContain(_server.Requests(), r => r.Method != "GET");
        Assert.NotNull(_server.Person(uuid));
    }

    [Fact]
    public void With_Force_it_runs_unattended()
    {
        _server.Reset(3);
        string uuid = _server.Newest(1)[0].Uuid;

        ChildResult result = RunFile($"'{uuid}' | Remove-PHPerson -Force -PassThru | ForEach-Object {{ \"$($_.Status)\" }}\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(new[] { "Deleted" }, result.Lines);
        Assert.Null(_server.Person(uuid));
    }
}
