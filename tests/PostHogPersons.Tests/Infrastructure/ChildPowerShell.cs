using System.Diagnostics;

namespace PostHogPersons.Tests.Infrastructure;

/// <summary>What a child pwsh process printed and how it ended.</summary>
public sealed record ChildResult(int ExitCode, string Output, string Error)
{
    /// <summary>Standard output split into lines, without the empty last one.</summary>
    public string[] Lines => Output.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
}

/// <summary>
/// Runs the repository's pinned PowerShell (dotnet pwsh, from dotnet-tools.json) as a child
/// process, the way a scheduled task or CI job would.
/// </summary>
public static class ChildPowerShell
{
    /// <summary>The folder that holds dotnet-tools.json.</summary>
    public static string RepositoryRoot
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder != null && !File.Exists(Path.Combine(folder.FullName, "dotnet-tools.json")))
            {
                folder = folder.Parent;
            }

            return folder?.FullName ?? throw new InvalidOperationException("dotnet-tools.json not found");
        }
    }

    /// <summary>
    /// Runs pwsh with <paramref name="arguments"/>; standard input is closed at once, as in a
    /// task that has no console. Gives up after two minutes.
    /// </summary>
    public static ChildResult Run(params string[] arguments) => Run(null, arguments);

    /// <summary>Like <see cref="Run(string[])"/>, with these environment variables set (null removes one).</summary>
    public static ChildResult Run(IDictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("pwsh");
        info.ArgumentList.Add("-NoProfile");
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["NO_COLOR"] = "1";
        foreach (KeyValuePair<string, string> variable in environment ?? new Dictionary<string, string>())
        {
            if (variable.Value == null)
            {
                info.Environment.Remove(variable.Key);
            }
            else
            {
                info.Environment[variable.Key] = variable.Value;
            }
        }

        using Process process = Process.Start(info);
        process.StandardInput.Close();
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("pwsh did not finish within two minutes");
        }

        return new ChildResult(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Writes <paramref name="script"/> to a temporary .ps1 file and returns its path.</summary>
    public static string WriteScript(string script)
    {
        string path = Path.Combine(Path.GetTempPath(), $"phtest-{Guid.NewGuid():N}.ps1");
        File.WriteAllText(path, script);
        return path;
    }
}
