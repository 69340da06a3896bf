using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Net;
using PostHogPersons.Tests.Infrastructure;

namespace PostHogPersons.Tests.Help;

/// <summary>
/// Runs one help example as a user would, but against the local PostHog server: a fresh
/// runspace with the built module, $ErrorActionPreference = 'Stop', a working folder of its
/// own, and test stand-ins for Connect-PHProject, Read-Host and Get-Credential.
/// </summary>
/// <remarks>
/// Connect-PHProject is shadowed by a function with the real cmdlet's parameters that
/// forwards to PostHogPersons\Connect-PHProject with the API host, ingest host, project
/// (and project token, when given) replaced by the local server's, the key by phx_test_full and any -Proxy left out, so an
/// example written for "-ApiHost eu" runs for real and never leaves the machine. As a
/// second guard, every HTTP request to a host other than loopback goes to a proxy on
/// 127.0.0.1 that is not there.
/// </remarks>
public sealed class ExampleRunner : IDisposable
{
    /// <summary>The persons seeded before each example.</summary>
    public const int SeedCount = 200;

    /// <summary>The seeded project the stand-in connects to.</summary>
    public const long ProjectId = 1;

    /// <summary>Where requests to any host but loopback go: a port nobody listens on.</summary>
    public static readonly WebProxy OffMachineGuard =
        new("http://127.0.0.1:9") { BypassProxyOnLocal = true };

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private static readonly string[] EnvironmentVariables =
    {
        "POSTHOG_PERSONAL_API_KEY", "POSTHOG_PROJECT_ID", "POSTHOG_HOST", "POSTHOGPERSONS_CONFIG_PATH",
    };

    // Runs in the example's runspace before the example; $args: base URL, key, project id.
    private const string SetupScript = @"
$ErrorActionPreference = 'Stop'
$global:PHExample = [pscustomobject]@{ BaseUrl = $args[0]; Key = $args[1]; ProjectId = $args[2] }

$real = Get-Command -Name PostHogPersons\Connect-PHProject -CommandType Cmdlet
$metadata = [System.Management.Automation.CommandMetadata]::new($real)
$binding = [System.Management.Automation.ProxyCommand]::GetCmdletBindingAttribute($metadata)
$parameters = [System.Management.Automation.ProxyCommand]::GetParamBlock($metadata)
$body = {
    $secret = ConvertTo-SecureString $global:PHExample.Key -AsPlainText -Force
    $PSBoundParameters['ApiHost'] = $global:PHExample.BaseUrl
    $PSBoundParameters['IngestHost'] = $global:PHExample.BaseUrl
    $PSBoundParameters['ProjectId'] = $global:PHExample.ProjectId
    if ($PSBoundParameters.ContainsKey('ProjectToken')) {
        $PSBoundParameters['ProjectToken'] = 'phc_test_project_token'
    }
    foreach ($name in 'Proxy', 'ProxyCredential', 'ProxyUseDefaultCredentials') {
        [void] $PSBoundParameters.Remove($name)
    }
    if ($PSBoundParameters.ContainsKey('Credential')) {
        $PSBoundParameters['Credential'] = [pscredential]::new('posthog', $secret)
    }
    else {
        $PSBoundParameters['ApiKey'] = $secret
    }
    PostHogPersons\Connect-PHProject @PSBoundParameters
}
$wrapper = [scriptblock]::Create(""$binding`nparam($parameters)`n$body"")
Set-Item -Path function:global:Connect-PHProject -Value $wrapper

function global:Read-Host {
    param($Prompt, [switch] $AsSecureString, [switch] $MaskInput)
    if ($AsSecureString) { ConvertTo-SecureString $global:PHExample.Key -AsPlainText -Force }
    else { $global:PHExample.Key }
}

function global:Get-Credential {
    [pscredential]::new('posthog', (ConvertTo-SecureString $global:PHExample.Key -AsPlainText -Force))
}

Connect-PHProject -ApiHost us -ProjectId 1
Get-PHPerson -First 5 |
    Select-Object Uuid, Name, @{ Name = 'Email'; Expression = { $_.Properties.email } } |
    Export-Csv -Path ./persons.csv -NoTypeInformation
";

    private readonly Dictionary<string, string> _savedEnvironment = new();
    private readonly IWebProxy _savedProxy;
    private readonly Runspace _runspace;

    public ExampleRunner(TestServer server)
    {
        server.Reset(SeedCount);
        foreach (string name in EnvironmentVariables)
        {
            _savedEnvironment[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, null);
        }

        _savedProxy = HttpClient.DefaultProxy;
        HttpClient.DefaultProxy = OffMachineGuard;
        WorkingFolder = Directory.CreateTempSubdirectory("phexample-").FullName;

        // Examples may change or save the configuration: give them a private file and
        // start from the defaults, and put the process's configuration back afterwards.
        Environment.SetEnvironmentVariable(
            "POSTHOGPERSONS_CONFIG_PATH", Path.Combine(WorkingFolder, "config.json"));
        PostHogPersons.Models.PHConfiguration.Reload();

        InitialSessionState state = InitialSessionState.CreateDefault2();
        _runspace = RunspaceFactory.CreateRunspace(state);
        _runspace.Open();
        _runspace.SessionStateProxy.Path.SetLocation(WorkingFolder);
        ScriptResult setup = Invoke(
            "Import-Module $args[0] -Force -ErrorAction Stop", HostedPowerShell.ModulePath);
        if (setup.Errors.Count == 0)
        {
            setup = Invoke(SetupScript, server.BaseUrl, TestServer.FullKey, ProjectId);
        }

        if (setup.Errors.Count > 0)
        {
            Dispose();
            throw new InvalidOperationException(
                "The example runner could not prepare the runspace: "
                + string.Join(Environment.NewLine, setup.Errors.Select(Describe)));
        }

        server.ClearRequests();
    }

    /// <summary>The example's current folder, with persons.csv (Uuid, Name, Email of 5).</summary>
    public string WorkingFolder { get; }

    /// <summary>Runs <paramref name="code"/> as one script and collects every stream.</summary>
    public ScriptResult Invoke(string code, params object[] args)
    {
        using PowerShell shell = PowerShell.Create();
        shell.Runspace = _runspace;
        shell.AddScript(code);
        foreach (object arg in args)
        {
            shell.AddArgument(arg);
        }

        var result = new ScriptResult();
        var output = new PSDataCollection<PSObject>();
        IAsyncResult running = shell.BeginInvoke<PSObject, PSObject>(null, output);
        if (!running.AsyncWaitHandle.WaitOne(Timeout))
        {
            shell.Stop();
            result.Errors.Add(new ErrorRecord(
                new TimeoutException($"The example ran longer than {Timeout.TotalSeconds} s."),
                "ExampleTimedOut",
                ErrorCategory.OperationTimeout,
                null));
        }
        else
        {
            try
            {
                shell.EndInvoke(running);
            }
            catch (RuntimeException error)
            {
                result.Errors.Add(error.ErrorRecord);
            }
        }

        result.Output.AddRange(output);
        result.Errors.AddRange(shell.Streams.Error);
        result.Verbose.AddRange(shell.Streams.Verbose.Select(v => v.Message));
        result.Warnings.AddRange(shell.Streams.Warning.Select(w => w.Message));
        result.Information.AddRange(
            shell.Streams.Information.Select(i => i.MessageData?.ToString() ?? string.Empty));
        return result;
    }

    /// <summary>An error as a failure message: id, message and where it happened.</summary>
    public static string Describe(ErrorRecord error) =>
        $"{error.FullyQualifiedErrorId}: {error.Exception?.Message}"
        + (error.InvocationInfo?.PositionMessage is { Length: > 0 } position
            ? Environment.NewLine + position
            : string.Empty);

    public void Dispose()
    {
        try
        {
            if (_runspace.RunspaceStateInfo.State == RunspaceState.Opened)
            {
                Invoke("PostHogPersons\\Disconnect-PHProject");
            }
        }
        finally
        {
            _runspace.Dispose();
            HttpClient.DefaultProxy = _savedProxy;
            foreach (KeyValuePair<string, string> saved in _savedEnvironment)
            {
                Environment.SetEnvironmentVariable(saved.Key, saved.Value);
            }

            PostHogPersons.Models.PHConfiguration.Reload();

            try
            {
                Directory.Delete(WorkingFolder, recursive: true);
            }
            catch (IOException)
            {
                // A file still open by the example; the temp folder is cleaned up later.
            }
        }
    }
}
