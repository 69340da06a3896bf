using System.Management.Automation;
using PostHogPersons.HelpBuilder;
using PostHogPersons.Tests.Infrastructure;
using Xunit;

namespace PostHogPersons.Tests.Help;

/// <summary>
/// The help in docs/ must describe the module that is compiled: the same cmdlets, the same
/// parameters, and the same metadata for each parameter in each parameter set. Common
/// parameters are left out, WhatIf and Confirm are kept, as PlatyPS does.
/// </summary>
public sealed class HelpDriftTests : IClassFixture<HelpDriftTests.CompiledModule>
{
    private static readonly StringComparer NoCase = StringComparer.OrdinalIgnoreCase;

    private readonly CompiledModule _module;

    public HelpDriftTests(CompiledModule module) => _module = module;

    [Fact]
    public void Every_help_page_follows_the_schema()
    {
        HelpBuildResult docs = HelpPages.All;

        Assert.True(docs.Succeeded, string.Join(Environment.NewLine, docs.Errors));
        Assert.NotNull(docs.AboutTopics.SingleOrDefault(
            a => a.Name.Equals("about_PostHogPersons", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void Every_exported_cmdlet_has_a_page_and_every_page_an_exported_cmdlet()
    {
        var documented = HelpPages.All.Commands.Select(c => c.Name).ToList();
        var exported = _module.Cmdlets.Keys.ToList();

        var problems = exported.Except(documented, NoCase)
            .Select(n => $"{n} is exported but has no docs/{n}.md")
            .Concat(documented.Except(exported, NoCase)
                .Select(n => $"docs/{n}.md documents a cmdlet the module does not export"))
            .ToList();

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [MemberData(nameof(HelpPages.Cmdlets), MemberType = typeof(HelpPages))]
    public void The_page_has_two_examples_one_in_a_pipeline_notes_and_links(string cmdlet)
    {
        HelpDocument page = HelpPages.Page(cmdlet);
        Assert.True(page != null, $"{cmdlet} has no docs/{cmdlet}.md");

        Assert.True(page.Examples.Count >= 2, $"docs/{cmdlet}.md needs at least two examples");
        Assert.True(
            page.Examples.Any(e => e.Code.Contains('|')),
            $"docs/{cmdlet}.md needs an example with a pipeline");
        Assert.False(string.IsNullOrWhiteSpace(page.Notes), $"docs/{cmdlet}.md needs NOTES");
        Assert.NotEmpty(page.Links);
        Assert.NotEmpty(page.Inputs);
        Assert.NotEmpty(page.Outputs);
    }

    [Theory]
    [MemberData(nameof(HelpPages.CmdletsAndPages), MemberType = typeof(HelpPages))]
    public void The_page_matches_the_compiled_cmdlet(string cmdlet)
    {
        HelpDocument page = HelpPages.Page(cmdlet);
        Assert.True(
            page != null,
            $"{cmdlet} has no help page: add docs/{cmdlet}.md (see README, Writing help).");
        Assert.True(
            _module.Cmdlets.TryGetValue(cmdlet, out CompiledCmdlet compiled),
            HelpPages.CompiledCmdlets.Contains(cmdlet, NoCase)
                ? $"{cmdlet} is compiled but PostHogPersons.psd1 does not export it."
                : $"docs/{cmdlet}.md documents a cmdlet the module does not have.");

        List<string> problems = Compare(page, compiled);

        Assert.True(problems.Count == 0, $"docs/{cmdlet}.md disagrees with the module:"
            + Environment.NewLine
            + string.Join(Environment.NewLine, problems.Select(p => "  " + p)));
    }

    private static List<string> Compare(HelpDocument page, CompiledCmdlet compiled)
    {
        var problems = new List<string>();
        var documentedSets = page.Syntax.Select(s => s.ParameterSetName).ToList();
        foreach (string set in compiled.Sets.Except(documentedSets, NoCase))
        {
            problems.Add($"parameter set {set} has no '### {set}' under SYNTAX");
        }

        foreach (string set in documentedSets.Except(compiled.Sets, NoCase))
        {
            problems.Add($"SYNTAX has '### {set}', which the cmdlet does not have");
        }

        // With one parameter set, marking it (Default) or not says the same thing.
        string documentedDefault = page.Syntax.FirstOrDefault(s => s.IsDefault)?.ParameterSetName;
        string compiledDefault = compiled.Sets.Count > 1 ? compiled.DefaultSet : null;
        if (compiled.Sets.Count > 1 || documentedDefault != null)
        {
            compiledDefault = compiled.Sets.Count > 1 ? compiled.DefaultSet : compiled.Sets[0];
        }

        if (!string.Equals(documentedDefault, compiledDefault, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"the default parameter set is {compiledDefault ?? "(none)"}, "
                + $"the page marks {documentedDefault ?? "none"} with (Default)");
        }

        var compiledNames = compiled.Parameters.Select(p => p.Key).ToList();
        var documentedNames = page.Parameters.Select(p => p.Name).ToList();
        foreach (string name in compiledNames.Except(documentedNames, NoCase))
        {
            problems.Add($"-{name} is not documented");
        }

        foreach (string name in documentedNames.Except(compiledNames, NoCase))
        {
            problems.Add($"-{name} is documented but the cmdlet has no such parameter");
        }

        foreach (HelpParameter documented in page.Parameters)
        {
            if (compiled.Parameters.TryGetValue(documented.Name, out var perSet))
            {
                CompareParameter(documented, perSet, compiled.Sets, problems);
            }
        }

        return problems;
    }

    private static void CompareParameter(
        HelpParameter documented,
        List<CompiledParameter> perSet,
        IReadOnlyList<string> allSets,
        List<string> problems)
    {
        string name = "-" + documented.Name;
        CompiledParameter first = perSet[0];
        if (!TypeNames(first.Type).Contains(documented.Type, NoCase))
        {
            problems.Add(
                $"{name}: Type is {documented.Type}, the cmdlet has {TypeNames(first.Type)[0]}");
        }

        var sets = perSet.Select(p => p.Set).ToList();
        bool inEverySet = allSets.All(s => sets.Contains(s, NoCase));
        if (documented.AppliesToAllParameterSets ? !inEverySet
            : !SameSet(documented.ParameterSets, sets))
        {
            string actual = inEverySet ? "(All)" : string.Join(", ", sets);
            problems.Add($"{name}: Parameter Sets is {string.Join(", ", documented.ParameterSets)}, "
                + $"the cmdlet has {actual}");
        }

        if (!SameSet(documented.Aliases, first.Aliases))
        {
            problems.Add($"{name}: Aliases is '{string.Join(", ", documented.Aliases)}', "
                + $"the cmdlet has '{string.Join(", ", first.Aliases)}'");
        }

        foreach (CompiledParameter actual in perSet)
        {
            HelpParameterMetadata meta = documented.ForParameterSet(actual.Set);
            if (meta == null)
            {
                continue;
            }

            string where = perSet.Count > 1 ? $"{name} in {actual.Set}" : name;
            if (meta.Required != actual.Mandatory)
            {
                problems.Add(
                    $"{where}: Required is {meta.Required}, the cmdlet has {actual.Mandatory}");
            }

            int? position = actual.Position < 0 ? null : actual.Position;
            if (meta.PositionIndex != position)
            {
                problems.Add($"{where}: Position is {meta.Position}, "
                    + $"the cmdlet has {(position.HasValue ? position.ToString() : "Named")}");
            }

            if (meta.AcceptsPipelineByValue != actual.ByValue
                || meta.AcceptsPipelineByPropertyName != actual.ByPropertyName)
            {
                problems.Add($"{where}: Accept pipeline input is {meta.PipelineInput}, "
                    + $"the cmdlet has {PipelineText(actual)}");
            }
        }
    }

    /// <summary>The names a page may give a type: PlatyPS's short name, or the full name.</summary>
    internal static string[] TypeNames(Type type)
    {
        Type inner = Nullable.GetUnderlyingType(type);
        if (inner != null)
        {
            return TypeNames(inner);
        }

        if (type.IsArray)
        {
            return TypeNames(type.GetElementType()).Select(n => n + "[]").ToArray();
        }

        return type.IsGenericType
            ? new[] { type.ToString() }
            : new[] { type.Name, type.FullName };
    }

    private static bool SameSet(IEnumerable<string> a, IEnumerable<string> b) =>
        new HashSet<string>(a, NoCase).SetEquals(b);

    private static string PipelineText(CompiledParameter p) =>
        (p.ByValue, p.ByPropertyName) switch
        {
            (true, true) => "True (ByValue, ByPropertyName)",
            (true, false) => "True (ByValue)",
            (false, true) => "True (ByPropertyName)",
            _ => "False",
        };

    /// <summary>One parameter as it is in one parameter set of the compiled cmdlet.</summary>
    public sealed record CompiledParameter(
        string Set,
        Type Type,
        bool Mandatory,
        int Position,
        bool ByValue,
        bool ByPropertyName,
        string[] Aliases);

    /// <summary>A cmdlet as the imported module exposes it.</summary>
    public sealed class CompiledCmdlet
    {
        public string DefaultSet { get; init; }

        public List<string> Sets { get; } = new();

        /// <summary>Parameter name to its entries, one per parameter set it belongs to.</summary>
        public Dictionary<string, List<CompiledParameter>> Parameters { get; } =
            new(NoCase);
    }

    /// <summary>
    /// The exported cmdlets, read once with Get-Command from the module imported into a
    /// hosted runspace, so a cmdlet added without a page is found.
    /// </summary>
    public sealed class CompiledModule
    {
        private static readonly HashSet<string> Ignored = new(
            Cmdlet.CommonParameters.Append("UseTransaction"), NoCase);

        public CompiledModule()
        {
            using var shell = new HostedPowerShell();
            ScriptResult result = shell.Invoke(@"
                foreach ($command in Get-Command -Module PostHogPersons -CommandType Cmdlet) {
                    foreach ($set in $command.ParameterSets) {
                        foreach ($p in $set.Parameters) {
                            [pscustomobject]@{
                                Cmdlet = $command.Name; DefaultSet = $command.DefaultParameterSet
                                Set = $set.Name; Name = $p.Name; Type = $p.ParameterType
                                Mandatory = $p.IsMandatory; Position = $p.Position
                                ByValue = $p.ValueFromPipeline
                                ByPropertyName = $p.ValueFromPipelineByPropertyName
                                Aliases = [string[]]$p.Aliases
                            }
                        }
                    }
                }");
            Assert.Empty(result.Errors);
            foreach (PSObject row in result.Output)
            {
                string name = Get<string>(row, "Cmdlet");
                if (!Cmdlets.TryGetValue(name, out CompiledCmdlet cmdlet))
                {
                    cmdlet = new CompiledCmdlet { DefaultSet = Get<string>(row, "DefaultSet") };
                    Cmdlets[name] = cmdlet;
                }

                string set = Get<string>(row, "Set");
                if (!cmdlet.Sets.Contains(set))
                {
                    cmdlet.Sets.Add(set);
                }

                string parameter = Get<string>(row, "Name");
                if (Ignored.Contains(parameter))
                {
                    continue;
                }

                if (!cmdlet.Parameters.TryGetValue(parameter, out List<CompiledParameter> perSet))
                {
                    perSet = new List<CompiledParameter>();
                    cmdlet.Parameters[parameter] = perSet;
                }

                perSet.Add(new CompiledParameter(
                    set,
                    Get<Type>(row, "Type"),
                    Get<bool>(row, "Mandatory"),
                    Get<int>(row, "Position"),
                    Get<bool>(row, "ByValue"),
                    Get<bool>(row, "ByPropertyName"),
                    Get<string[]>(row, "Aliases") ?? Array.Empty<string>()));
            }
        }

        public Dictionary<string, CompiledCmdlet> Cmdlets { get; } =
            new(StringComparer.OrdinalIgnoreCase);

        private static T Get<T>(PSObject row, string name)
        {
            object value = row.Properties[name].Value;
            return value is PSObject wrapped ? (T)wrapped.BaseObject : (T)value;
        }
    }
}
