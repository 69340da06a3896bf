using System.Management.Automation;
using PostHogPersons.Tests.Infrastructure;
using Xunit;

namespace PostHogPersons.Tests.Resilience;

/// <summary>
/// The API key appears in no stream, error record, exception text or transcript, whatever
/// the command and whether it succeeds or fails, even when a proxy echoes the request's
/// headers back. Every exported cmdlet must have a representative command here.
/// </summary>
public sealed class KeyLeakTests : IDisposable
{
    private const string Key = "phx_canary_7f3a9c2e51d84b06aa";

    /// <summary>
    /// One representative command per exported cmdlet, run in this order with -Verbose and
    /// -Debug. A cmdlet added to the module must be added here (the first test fails until it is).
    /// </summary>
    private static readonly (string Cmdlet, string Command)[] Commands =
    {
        ("Connect-PHProject", "Connect-PHProject -ApiHost $base -ProjectId 1 -ApiKey $secure -RetryIntervalSec 0 -PassThru"),
        ("Get-PHContext", "Get-PHContext"),
        ("Get-PHConfiguration", "Get-PHConfiguration"),
        ("Set-PHConfiguration", "Set-PHConfiguration -PageSize 1000 -PassThru"),
        ("Get-PHPerson", "Get-PHPerson -First 3"),
        ("Disconnect-PHProject", "Disconnect-PHProject"),
    };

    private const string Script = """
        $base, $key, $transcript, $commands = $args
        $secure = ConvertTo-SecureString $key -AsPlainText -Force
        $Error.Clear()
        Start-Transcript -Path $transcript | Out-Null
        foreach ($command in $commands) {
            & ([scriptblock]::Create("$command -Verbose -Debug")) | Format-List * -Force | Out-Default
        }
        foreach ($record in @($Error)) {
            $record | Format-List * -Force | Out-Default
            if ($record.Exception) {
                $record.Exception | Format-List * -Force | Out-Default
                $record.Exception.ToString() | Out-Default
            }
        }
        $Error | Get-Error | Out-Default
        Stop-Transcript | Out-Null
        $Error.Count
        """;

    private readonly TestServer _server = TestServer.Shared;
    private readonly HostedPowerShell _shell = new();
    private readonly string _transcript = Path.Combine(Path.GetTempPath(), $"phtest-transcript-{Guid.NewGuid():N}.txt");

    public KeyLeakTests()
    {
        _server.Reset(20);
        _server.AddKey(Key);
    }

    public void Dispose()
    {
        _shell.Dispose();
        File.Delete(_transcript);
    }

    [Fact]
    public void Every_exported_cmdlet_has_a_representative_command()
    {
        ScriptResult result = _shell.Invoke("(Get-Command -Module PostHogPersons -CommandType Cmdlet).Name");
        var exported = result.Output.Select(o => o.ToString()).ToList();

        var missing = exported.Except(Commands.Select(c => c.Cmdlet), StringComparer.OrdinalIgnoreCase).ToList();
        var gone = Commands.Select(c => c.Cmdlet).Except(exported, StringComparer.OrdinalIgnoreCase).ToList();

        Assert.True(missing.Count == 0,
            "Add a representative command to KeyLeakTests.Commands for: " + string.Join(", ", missing));
        Assert.True(gone.Count == 0, "KeyLeakTests.Commands names cmdlets the module no longer exports: "
            + string.Join(", ", gone));
    }

    [Fact]
    public void No_stream_error_or_transcript_carries_the_key_when_everything_works()
    {
        ScriptResult result = RunAll();

        Assert.Equal(0, Convert.ToInt32(result.Output.Last().BaseObject));
        Assert.Contains(result.Verbose, v => v.StartsWith("GET /api/projects/1/persons/?limit=3 -> 200, 3 items", StringComparison.Ordinal));
        Assert.Contains(result.Verbose, v => v.StartsWith("Connected to project 1", StringComparison.Ordinal));
        NoKeyAnywhere(result);
        Assert.Contains("DEBUG: GET /api/projects/1/persons/?limit=3: ", File.ReadAllText(_transcript));
    }

    [Fact]
    public void No_stream_error_or_transcript_carries_the_key_when_a_proxy_echoes_it_back()
    {
        _server.AddFault(new { kind = "echoHeaders", status = 502, times = -1 });

        ScriptResult result = RunAll();

        ErrorRecord error = Assert.Single(result.Errors);
        Assert.Equal("ServerError,PostHogPersons.Commands.GetPHPersonCommand", error.FullyQualifiedErrorId);
        Assert.Contains("Authorization: Bearer [redacted]", error.Exception.Message);
        Assert.Equal(4, _server.Requests().Count);
        Assert.All(_server.Requests(), r => Assert.Equal("Bearer " + Key, r.Authorization));
        NoKeyAnywhere(result);
        Assert.Contains("Authorization: Bearer [redacted]", File.ReadAllText(_transcript));
    }

    [Fact]
    public void No_stream_error_or_transcript_carries_the_key_when_it_is_refused()
    {
        _server.AddFault(new { kind = "status", status = 401, times = -1,
            body = "{\"type\":\"authentication_error\",\"code\":\"authentication_failed\",\"detail\":\"Key " + Key + " is invalid.\",\"attr\":null}" });

        ScriptResult result = RunAll();

        ErrorRecord error = Assert.Single(result.Errors);
        Assert.Equal("AuthenticationFailed,PostHogPersons.Commands.GetPHPersonCommand", error.FullyQualifiedErrorId);
        Assert.Equal("Key [redacted] is invalid. [HTTP 401 GET /api/projects/1/persons/?limit=3]", error.Exception.Message);
        NoKeyAnywhere(result);
    }

    private ScriptResult RunAll()
    {
        return _shell.Invoke(Script, null, _server.BaseUrl, Key, _transcript,
            Commands.Select(c => c.Command).ToArray());
    }

    private void NoKeyAnywhere(ScriptResult result)
    {
        string transcript = File.ReadAllText(_transcript);
        Assert.Contains("VERBOSE: GET /api/projects/1/persons/?limit=3", transcript);
        Assert.Contains("VERBOSE: Connected to project 1", transcript);
        Assert.Contains("ApiHost              : " + _server.BaseUrl, transcript);
        Assert.DoesNotContain(Key, transcript);
        Assert.DoesNotContain(result.AllText, text => text.Contains(Key));
        Assert.DoesNotContain(result.Errors, e => e.Exception.ToString().Contains(Key)
            || (e.Exception.InnerException?.ToString().Contains(Key) ?? false));
    }
}
