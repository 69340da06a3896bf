using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace PostHogPersons.Tests.Infrastructure;

/// <summary>Everything one script wrote, stream by stream.</summary>
public sealed class ScriptResult
{
    public List<PSObject> Output { get; } = new();

    public List<ErrorRecord> Errors { get; } = new();

    public List<string> Verbose { get; } = new();

    public List<string> Debug { get; } = new();

    public List<string> Warnings { get; } = new();

    public List<string> Information { get; } = new();

    /// <summary>The progress records written, as "activity: status (percent)".</summary>
    public List<string> Progress { get; } = new();

    /// <summary>The FullyQualifiedErrorIds of the errors, in order.</summary>
    public List<string> ErrorIds => Errors.Select(e => e.FullyQualifiedErrorId).ToList();

    /// <summary>Every line of every stream, for secret-leak checks.</summary>
    public IEnumerable<string> AllText => Output.Select(o => o?.ToString() ?? string.Empty)
        .Concat(Errors.SelectMany(e => new[] { e.ToString(), e.Exception?.ToString() ?? string.Empty,
            e.ErrorDetails?.Message ?? string.Empty, e.TargetObject?.ToString() ?? string.Empty }))
        .Concat(Verbose).Concat(Debug).Concat(Warnings).Concat(Information);
}

/// <summary>
/// A PowerShell runspace, hosted in the test process through Microsoft.PowerShell.SDK,
/// with the built module imported: the module as users call it.
/// </summary>
public sealed class HostedPowerShell : IDisposable
{
    private readonly Runspace _runspace;

    public HostedPowerShell()
    {
        var state = InitialSessionState.CreateDefault2();
        if (OperatingSystem.IsWindows())
        {
            // Execution policy exists only on Windows; setting it elsewhere throws.
            state.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
        }

        _runspace = RunspaceFactory.CreateRunspace(state);
        _runspace.Open();
        Invoke("Import-Module $args[0] -Force -ErrorAction Stop", null, ModulePath);
    }

    /// <summary>The built module's manifest, or the compiled assembly next to the tests.</summary>
    public static string ModulePath
    {
        get
        {
            string built = Environment.GetEnvironmentVariable("POSTHOGPERSONS_MODULE");
            return !string.IsNullOrEmpty(built) && File.Exists(built)
                ? built
                : Path.Combine(AppContext.BaseDirectory, "PostHogPersons.dll");
        }
    }

    /// <summary>Connects the runspace to the shared local server with the given key.</summary>
    public ScriptResult Connect(TestServer server, string key = TestServer.FullKey, string extra = "")
    {
        return Invoke(
            "Connect-PHProject -ApiHost $args[0] -ProjectId 1 -ApiKey (ConvertTo-SecureString $args[1] -AsPlainText -Force) " + extra,
            null, server.BaseUrl, key);
    }

    /// <summary>Runs <paramref name="script"/>; $args holds <paramref name="args"/>.</summary>
    public ScriptResult Invoke(string script, IDictionary variables = null, params object[] args)
    {
        using PowerShell shell = PowerShell.Create();
        shell.Runspace = _runspace;
        if (variables != null)
        {
            foreach (DictionaryEntry entry in variables)
            {
                _runspace.SessionStateProxy.SetVariable((string)entry.Key, entry.Value);
            }
        }

        shell.AddScript(script);
        foreach (object arg in args)
        {
            shell.AddArgument(arg);
        }

        var result = new ScriptResult();
        try
        {
            foreach (PSObject item in shell.Invoke())
            {
                result.Output.Add(item);
            }
        }
        catch (RuntimeException error)
        {
            result.Errors.Add(error.ErrorRecord);
        }

        result.Errors.AddRange(shell.Streams.Error);
        result.Verbose.AddRange(shell.Streams.Verbose.Select(v => v.Message));
        result.Debug.AddRange(shell.Streams.Debug.Select(d => d.Message));
        result.Warnings.AddRange(shell.Streams.Warning.Select(w => w.Message));
        result.Information.AddRange(shell.Streams.Information.Select(i => i.MessageData?.ToString() ?? string.Empty));
        result.Progress.AddRange(shell.Streams.Progress.Select(
            p => $"{p.Activity}: {p.StatusDescription} ({p.PercentComplete}%, {p.RecordType})"));
        return result;
    }

    /// <summary>
    /// Starts <paramref name="script"/> without waiting for it; the caller stops it or ends it
    /// with <see cref="PowerShell.EndInvoke"/> and disposes the shell.
    /// </summary>
    public (PowerShell Shell, IAsyncResult Pending) Start(string script, params object[] args)
    {
        PowerShell shell = PowerShell.Create();
        shell.Runspace = _runspace;
        shell.AddScript(script);
        foreach (object arg in args)
        {
            shell.AddArgument(arg);
        }

        return (shell, shell.BeginInvoke());
    }

    public void Dispose() => _runspace.Dispose();
}
