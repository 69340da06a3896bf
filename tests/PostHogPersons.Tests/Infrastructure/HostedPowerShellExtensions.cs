using System.Management.Automation;

namespace PostHogPersons.Tests.Infrastructure;

/// <summary>Shortcuts for the tests that use a <see cref="StubPostHog"/>.</summary>
public static class HostedPowerShellExtensions
{
    public const string StubKey = "phx_stub_key_0123";

    /// <summary>Connects to <paramref name="baseUrl"/>, project 1, with <see cref="StubKey"/>.</summary>
    public static ScriptResult ConnectTo(this HostedPowerShell shell, string baseUrl, string extra = "")
    {
        return shell.Invoke(
            "Connect-PHProject -ApiHost $args[0] -ProjectId 1 "
            + "-ApiKey (ConvertTo-SecureString $args[1] -AsPlainText -Force) " + extra,
            null, baseUrl, StubKey);
    }

    /// <summary>What Tab offers at the end of <paramref name="input"/>.</summary>
    public static List<CompletionResult> Complete(this HostedPowerShell shell, string input)
    {
        ScriptResult result = shell.Invoke(
            "TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length", null, input);
        if (result.Errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors));
        }

        return ((CommandCompletion)result.Output.Single().BaseObject).CompletionMatches.ToList();
    }
}
