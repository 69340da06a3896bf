using System.Management.Automation;
using System.Text.RegularExpressions;
using PostHogPersons.HelpBuilder;
using PostHogPersons.Tests.Infrastructure;
using Xunit;

namespace PostHogPersons.Tests.Help;

/// <summary>
/// Get-Help on the built module shows what docs/ says: the help shipped in en-US/ is the
/// help users read.
/// </summary>
public sealed class GetHelpTests : IClassFixture<GetHelpTests.Shell>
{
    private readonly HostedPowerShell _shell;

    public GetHelpTests(Shell shell) => _shell = shell.PowerShell;

    [Fact]
    public void The_module_folder_has_the_help_files()
    {
        string help = Path.Combine(HelpPages.BuiltModuleFolder, "en-US");
        Assert.True(
            File.Exists(Path.Combine(help, "PostHogPersons.dll-Help.xml")),
            $"No help in {help}: run 'dotnet pwsh ./build.ps1 -Task Test' (Build writes the help).");
        Assert.True(File.Exists(Path.Combine(help, "about_PostHogPersons.help.txt")));
    }

    [Theory]
    [MemberData(nameof(HelpPages.Cmdlets), MemberType = typeof(HelpPages))]
    public void Get_Help_Full_shows_the_synopsis_the_parameters_and_the_examples(string cmdlet)
    {
        HelpDocument page = HelpPages.Page(cmdlet);
        Assert.True(page != null, $"{cmdlet} has no docs/{cmdlet}.md");

        ScriptResult help = _shell.Invoke(
            "$help = Get-Help -Name $args[0] -Full; $help.Synopsis; $help | Out-String -Width 10000",
            null,
            cmdlet);

        Assert.Empty(help.Errors);
        Assert.Equal(page.Synopsis, help.Output[0].ToString());
        string text = Flatten(help.Output[1].ToString());
        foreach (HelpParameter parameter in page.Parameters)
        {
            foreach (string paragraph in parameter.DescriptionParagraphs)
            {
                Assert.True(text.Contains(Flatten(paragraph), StringComparison.Ordinal),
                    $"Get-Help {cmdlet} -Full lacks -{parameter.Name}'s description: {paragraph}");
            }
        }

        Assert.NotEmpty(page.Examples);
        foreach (HelpExample example in page.Examples)
        {
            Assert.Contains(Flatten(example.Title), text);
            foreach (string line in example.Code.Split('\n').Where(l => l.Trim().Length > 0))
            {
                Assert.Contains(Flatten(line), text);
            }
        }
    }

    [Fact]
    public void Get_Help_about_PostHogPersons_shows_the_topic()
    {
        AboutDocument about = HelpPages.All.AboutTopics.Single(
            a => a.Name.Equals("about_PostHogPersons", StringComparison.OrdinalIgnoreCase));

        ScriptResult help = _shell.Invoke("Get-Help about_PostHogPersons | Out-String -Width 10000");

        Assert.Empty(help.Errors);
        string text = Flatten(Assert.Single(help.Output).ToString());
        Assert.Contains(Flatten(about.ShortDescription), text);
        foreach (AboutSection section in about.Sections)
        {
            Assert.Contains(section.Title.ToUpperInvariant(), text);
        }
    }

    /// <summary>Whitespace runs, line breaks included, become one space.</summary>
    private static string Flatten(string text) =>
        Regex.Replace(text ?? string.Empty, @"\s+", " ").Trim();

    /// <summary>One runspace with the built module for all Get-Help tests.</summary>
    public sealed class Shell : IDisposable
    {
        public HostedPowerShell PowerShell { get; } = new();

        public void Dispose() => PowerShell.Dispose();
    }
}
