using System.Management.Automation;
using System.Reflection;
using PostHogPersons.Commands;
using PostHogPersons.HelpBuilder;

namespace PostHogPersons.Tests.Help;

/// <summary>
/// The help sources the tests compare against: docs/*.md read with the same parser that
/// builds the shipped help, and the cmdlets the compiled module defines.
/// </summary>
public static class HelpPages
{
    public const string ModuleName = "PostHogPersons";

    private static readonly StringComparer NoCase = StringComparer.OrdinalIgnoreCase;

    private static readonly Lazy<HelpBuildResult> Docs =
        new(() => ModuleHelpBuilder.Read(DocsFolder, ModuleName));

    /// <summary>The repository root: the folder holding PostHogPersons.sln.</summary>
    public static string RepositoryRoot
    {
        get
        {
            string start = AppContext.BaseDirectory;
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "PostHogPersons.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("PostHogPersons.sln not found above " + start);
        }
    }

    /// <summary>docs/ of this repository, or POSTHOGPERSONS_DOCS when set.</summary>
    public static string DocsFolder
    {
        get
        {
            string fromEnvironment = Environment.GetEnvironmentVariable("POSTHOGPERSONS_DOCS");
            return string.IsNullOrEmpty(fromEnvironment)
                ? Path.Combine(RepositoryRoot, "docs")
                : fromEnvironment;
        }
    }

    /// <summary>Everything docs/ holds, with any schema errors.</summary>
    public static HelpBuildResult All => Docs.Value;

    /// <summary>The page documenting <paramref name="cmdlet"/>, or null.</summary>
    public static HelpDocument Page(string cmdlet) =>
        All.Commands.FirstOrDefault(c => NoCase.Equals(c.Name, cmdlet));

    /// <summary>Every public cmdlet class of the compiled module, as Verb-Noun.</summary>
    public static IReadOnlyList<string> CompiledCmdlets { get; } = typeof(PHCmdlet).Assembly
        .GetExportedTypes()
        .Where(t => !t.IsAbstract && typeof(Cmdlet).IsAssignableFrom(t))
        .Select(t => t.GetCustomAttribute<CmdletAttribute>())
        .Where(a => a != null)
        .Select(a => a.VerbName + "-" + a.NounName)
        .OrderBy(n => n, NoCase)
        .ToList();

    /// <summary>Compiled cmdlets and documented commands together (theory data).</summary>
    public static TheoryDataOf<string> CmdletsAndPages()
    {
        var names = CompiledCmdlets
            .Concat(All.Commands.Select(c => c.Name))
            .Distinct(NoCase)
            .OrderBy(n => n, NoCase);
        return new TheoryDataOf<string>(names);
    }

    /// <summary>Compiled cmdlets only (theory data).</summary>
    public static TheoryDataOf<string> Cmdlets() => new(CompiledCmdlets);

    /// <summary>One row per example of every page: the command and the example's number.</summary>
    public static Xunit.TheoryData<string, int> Examples()
    {
        var data = new Xunit.TheoryData<string, int>();
        foreach (HelpDocument page in All.Commands.OrderBy(c => c.Name, NoCase))
        {
            for (int i = 1; i <= page.Examples.Count; i++)
            {
                data.Add(page.Name, i);
            }
        }

        return data;
    }

    /// <summary>The built module's folder (where en-US/ lives), from the module path the tests use.</summary>
    public static string BuiltModuleFolder => Path.GetDirectoryName(Path.GetFullPath(
        Infrastructure.HostedPowerShell.ModulePath));
}

/// <summary>Single-column theory data built from a sequence.</summary>
public sealed class TheoryDataOf<T> : Xunit.TheoryData<T>
{
    public TheoryDataOf(IEnumerable<T> values)
    {
        foreach (T value in values)
        {
            Add(value);
        }
    }
}
