using System;
using System.Collections.Generic;
using System.Linq;

namespace PostHogPersons.HelpBuilder
{
    /// <summary>
    /// One cmdlet help page parsed from PlatyPS-schema markdown (docs/Verb-Noun.md).
    /// </summary>
    /// <remarks>
    /// Text members hold plain text: markdown inline formatting is removed (code spans keep
    /// their text), list items become paragraphs prefixed with "- " (or "1. "), and paragraphs
    /// are separated by a blank line in the string members and kept apart in the *Paragraphs
    /// members.
    /// </remarks>
    public sealed class HelpDocument
    {
        /// <summary>Path of the markdown file this page was parsed from.</summary>
        public string SourcePath { get; internal set; }

        /// <summary>Front matter key/value pairs (keys compared case-insensitively).</summary>
        public IReadOnlyDictionary<string, string> FrontMatter { get; internal set; } =
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Front matter "external help file", or null.</summary>
        public string ExternalHelpFile => FrontMatterValue("external help file");

        /// <summary>Front matter "Module Name", or null.</summary>
        public string ModuleName => FrontMatterValue("Module Name");

        /// <summary>Front matter "online version", or null.</summary>
        public string OnlineVersion => FrontMatterValue("online version");

        /// <summary>The command name from the "# Verb-Noun" title.</summary>
        public string Name { get; internal set; }

        public string Verb =>
            Name != null && Name.IndexOf('-') > 0 ? Name.Substring(0, Name.IndexOf('-')) : Name;

        public string Noun =>
            Name != null && Name.IndexOf('-') > 0
                ? Name.Substring(Name.IndexOf('-') + 1)
                : string.Empty;

        public IReadOnlyList<string> SynopsisParagraphs { get; internal set; } =
            Array.Empty<string>();

        public string Synopsis => HelpText.Join(SynopsisParagraphs);

        public IReadOnlyList<string> DescriptionParagraphs { get; internal set; } =
            Array.Empty<string>();

        public string Description => HelpText.Join(DescriptionParagraphs);

        /// <summary>The "## SYNTAX" parameter sets, in document order.</summary>
        public IReadOnlyList<HelpSyntax> Syntax { get; internal set; } = Array.Empty<HelpSyntax>();

        public IReadOnlyList<HelpExample> Examples { get; internal set; } =
            Array.Empty<HelpExample>();

        /// <summary>
        /// The "### -Name" parameters, in document order (common parameters excluded).
        /// </summary>
        public IReadOnlyList<HelpParameter> Parameters { get; internal set; } =
            Array.Empty<HelpParameter>();

        /// <summary>True when "### CommonParameters" is present.</summary>
        public bool HasCommonParameters { get; internal set; }

        public IReadOnlyList<HelpTypeEntry> Inputs { get; internal set; } =
            Array.Empty<HelpTypeEntry>();

        public IReadOnlyList<HelpTypeEntry> Outputs { get; internal set; } =
            Array.Empty<HelpTypeEntry>();

        public IReadOnlyList<string> NotesParagraphs { get; internal set; } = Array.Empty<string>();

        public string Notes => HelpText.Join(NotesParagraphs);

        /// <summary>
        /// "## RELATED LINKS" entries in document order
        /// (the online version is not added here).
        /// </summary>
        public IReadOnlyList<HelpLink> Links { get; internal set; } = Array.Empty<HelpLink>();

        /// <summary>
        /// Finds a parameter by name (case-insensitive, leading '-' optional), or null.
        /// </summary>
        public HelpParameter GetParameter(string name)
        {
            if (name == null) return null;
            string n = name.TrimStart('-');
            return Parameters.FirstOrDefault(
                p => string.Equals(p.Name, n, StringComparison.OrdinalIgnoreCase));
        }

        private string FrontMatterValue(string key) =>
            FrontMatter != null && FrontMatter.TryGetValue(key, out string v) && v.Length > 0
                ? v
                : null;

        public override string ToString() => Name;
    }

    /// <summary>A "### SetName" entry of "## SYNTAX".</summary>
    public sealed class HelpSyntax
    {
        /// <summary>
        /// Parameter set name with any " (Default)"
        /// suffix removed; may be "__AllParameterSets".
        /// </summary>
        public string ParameterSetName { get; internal set; }

        /// <summary>True when the heading carried " (Default)".</summary>
        public bool IsDefault { get; internal set; }

        /// <summary>The syntax line(s) from the code block.</summary>
        public string Text { get; internal set; }

        /// <summary>
        /// Parameter names mentioned in <see cref="Text"/>
        /// (without '-'), in order of appearance.
        /// </summary>
        public IReadOnlyList<string> ParameterNames { get; internal set; } = Array.Empty<string>();

        public int Line { get; internal set; }

        public override string ToString() => ParameterSetName;
    }

    /// <summary>A "### Example N: title" entry of "## EXAMPLES".</summary>
    public sealed class HelpExample
    {
        /// <summary>Heading text, e.g. "Example 1: Get a person".</summary>
        public string Title { get; internal set; }

        /// <summary>
        /// Text before the first code block (PlatyPS 2.0 "introduction"); usually empty.
        /// </summary>
        public IReadOnlyList<string> IntroductionParagraphs { get; internal set; } =
            Array.Empty<string>();

        /// <summary>
        /// The first fenced code block of the example:
        /// the code Get-Help shows and a runner executes.
        /// </summary>
        public string Code { get; internal set; }

        /// <summary>Info string of the first code block (e.g. "powershell").</summary>
        public string CodeLanguage { get; internal set; }

        /// <summary>
        /// Every fenced code block of the example in
        /// order (the first is <see cref="Code"/>).
        /// </summary>
        public IReadOnlyList<HelpCodeBlock> CodeBlocks { get; internal set; } =
            Array.Empty<HelpCodeBlock>();

        /// <summary>
        /// Everything after the first code block, as
        /// paragraphs (later code blocks included verbatim).
        /// </summary>
        public IReadOnlyList<string> RemarksParagraphs { get; internal set; } =
            Array.Empty<string>();

        public string Remarks => HelpText.Join(RemarksParagraphs);

        public int Line { get; internal set; }

        public override string ToString() => Title;
    }

    public sealed class HelpCodeBlock
    {
        public string Language { get; internal set; }

        public string Code { get; internal set; }

        public int Line { get; internal set; }

        /// <summary>True for powershell/ps/pwsh/ps1 (or no) info string.</summary>
        public bool IsPowerShell =>
            string.IsNullOrEmpty(Language) ||
            Language.Equals("powershell", StringComparison.OrdinalIgnoreCase) ||
            Language.Equals("pwsh", StringComparison.OrdinalIgnoreCase) ||
            Language.Equals("ps", StringComparison.OrdinalIgnoreCase) ||
            Language.Equals("ps1", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A "### TypeName" entry of "## INPUTS" or "## OUTPUTS".</summary>
    public sealed class HelpTypeEntry
    {
        public string TypeName { get; internal set; }

        public IReadOnlyList<string> DescriptionParagraphs { get; internal set; } =
            Array.Empty<string>();

        public string Description => HelpText.Join(DescriptionParagraphs);

        public int Line { get; internal set; }

        public override string ToString() => TypeName;
    }

    /// <summary>
    /// A "## RELATED LINKS" entry: a markdown link, or a bare text line (Uri empty).
    /// </summary>
    public sealed class HelpLink
    {
        public string Text { get; internal set; }

        public string Uri { get; internal set; }

        public int Line { get; internal set; }

        public override string ToString() =>
            string.IsNullOrEmpty(Uri) ? Text : Text + " (" + Uri + ")";
    }

    internal static class HelpText
    {
        public static string Join(IEnumerable<string> paragraphs) =>
            paragraphs == null
                ? string.Empty
                : string.Join("\n\n", paragraphs.Where(p => !string.IsNullOrEmpty(p)));
    }
}
