using System;
using System.Collections.Generic;
using System.Linq;

namespace PostHogPersons.HelpBuilder
{
    /// <summary>One cmdlet help page parsed from PlatyPS-schema markdown (docs/Verb-Noun.md).</summary>
    /// <remarks>
    /// Text members hold plain text: markdown inline formatting is removed (code spans keep their text),
    /// list items become paragraphs prefixed with "- " (or "1. "), and paragraphs are separated by a blank
    /// line in the string members and kept apart in the *Paragraphs members.
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

        public string Verb => Name != null && Name.IndexOf('-') > 0 ? Name.Substring(0, Name.IndexOf('-')) : Name;

        public string Noun => Name != null && Name.IndexOf('-') > 0 ? Name.Substring(Name.IndexOf('-') + 1) : string.Empty;

        public IReadOnlyList<string> SynopsisParagraphs { get; internal set; } = Array.Empty<string>();

        public string Synopsis => HelpText.Join(SynopsisParagraphs);

        public IReadOnlyList<string> DescriptionParagraphs { get; internal set; } = Array.Empty<string>();

        public string Description => HelpText.Join(DescriptionParagraphs);

        /// <summary>The "## SYNTAX" parameter sets, in document order.</summary>
        public IReadOnlyList<HelpSyntax> Syntax { get; internal set; } = Array.Empty<HelpSyntax>();

        public IReadOnlyList<HelpExample> Examples { get; internal set; } = Array.Empty<HelpExample>();

        /// <summary>The "### -Name" parameters, in document order (common parameters excluded).</summary>
        public IReadOnlyList<HelpParameter> Parameters { get; internal set; } = Array.Empty<HelpParameter>();

        /// <summary>True when "### CommonParameters" is present.</summary>
        public bool HasCommonParameters { get; internal set; }

        public IReadOnlyList<HelpTypeEntry> Inputs { get; internal set; } = Array.Empty<HelpTypeEntry>();

        public IReadOnlyList<HelpTypeEntry> Outputs { get; internal set; } = Array.Empty<HelpTypeEntry>();

        public IReadOnlyList<string> NotesParagraphs { get; internal set; } = Array.Empty<string>();

        public string Notes => HelpText.Join(NotesParagraphs);

        /// <summary>"## RELATED LINKS" entries in document order (the online version is not added here).</summary>
        public IReadOnlyList<HelpLink> Links { get; internal set; } = Array.Empty<HelpLink>();

        /// <summary>Finds a parameter by name (case-insensitive, leading '-' optional), or null.</summary>
        public HelpParameter GetParameter(string name)
        {
            if (name == null) return null;
            string n = name.TrimStart('-');
            return Parameters.FirstOrDefault(p => string.Equals(p.Name, n, StringComparison.OrdinalIgnoreCase));
        }

        private string FrontMatterValue(string key) =>
            FrontMatter != null && FrontMatter.TryGetValue(key, out string v) && v.Length > 0 ? v : null;

        public override string ToString() => Name;
    }

    /// <summary>A "### SetName" entry of "## SYNTAX".</summary>
    public sealed class HelpSyntax
    {
        /// <summary>Parameter set name with any " (Default)" suffix removed; may be "__AllParameterSets".</summary>
        public string ParameterSetName { get; internal set; }

        /// <summary>True when the heading carried " (Default)".</summary>
        public bool IsDefault { get; internal set; }

        /// <summary>The syntax line(s) from the code block.</summary>
        public string Text { get; internal set; }

        /// <summary>Parameter names mentioned in <see cref="Text"/> (without '-'), in order of appearance.</summary>
        public IReadOnlyList<string> ParameterNames { get; internal set; } = Array.Empty<string>();

        public int Line { get; internal set; }

        public override string ToString() => ParameterSetName;
    }

    /// <summary>A "### Example N: title" entry of "## EXAMPLES".</summary>
    public sealed class HelpExample
    {
        /// <summary>Heading text, e.g. "Example 1: Get a person".</summary>
        public string Title { get; internal set; }

        /// <summary>Text before the first code block (PlatyPS 2.0 "introduction"); usually empty.</summary>
        public IReadOnlyList<string> IntroductionParagraphs { get; internal set; } = Array.Empty<string>();

        /// <summary>The first fenced code block of the example: the code Get-Help shows and a runner executes.</summary>
        public string Code { get; internal set; }

        /// <summary>Info string of the first code block (e.g. "powershell").</summary>
        public string CodeLanguage { get; internal set; }

        /// <summary>Every fenced code block of the example in order (the first is <see cref="Code"/>).</summary>
        public IReadOnlyList<HelpCodeBlock> CodeBlocks { get; internal set; } = Array.Empty<HelpCodeBlock>();

        /// <summary>Everything after the first code block, as paragraphs (later code blocks included verbatim).</summary>
        public IReadOnlyList<string> RemarksParagraphs { get; internal set; } = Array.Empty<string>();

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

    /// <summary>A "### -Name" entry of "## PARAMETERS".</summary>
    /// <remarks>
    /// The flat members (Type, Required, Position, ...) come from the first yaml block; when a parameter
    /// differs between parameter sets each yaml block is in <see cref="Metadata"/>, and
    /// <see cref="ParameterSets"/> is the union of all blocks.
    /// </remarks>
    public sealed class HelpParameter
    {
        /// <summary>Name without the leading '-'.</summary>
        public string Name { get; internal set; }

        public IReadOnlyList<string> DescriptionParagraphs { get; internal set; } = Array.Empty<string>();

        public string Description => HelpText.Join(DescriptionParagraphs);

        /// <summary>One entry per ```yaml block, in document order (never empty for a parsed page).</summary>
        public IReadOnlyList<HelpParameterMetadata> Metadata { get; internal set; } = Array.Empty<HelpParameterMetadata>();

        public int Line { get; internal set; }

        private HelpParameterMetadata First => Metadata.Count > 0 ? Metadata[0] : null;

        public string Type => First?.Type;

        /// <summary>Union of the sets named by all yaml blocks; contains "(All)" when any block says so.</summary>
        public IReadOnlyList<string> ParameterSets =>
            Metadata.SelectMany(m => m.ParameterSets).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

        public bool AppliesToAllParameterSets => Metadata.Any(m => m.AppliesToAllParameterSets);

        public IReadOnlyList<string> Aliases => First?.Aliases ?? Array.Empty<string>();

        public IReadOnlyList<string> AcceptedValues => First?.AcceptedValues ?? Array.Empty<string>();

        public bool Required => First != null && First.Required;

        /// <summary>"Named" or a number, as written.</summary>
        public string Position => First?.Position;

        public string DefaultValue => First?.DefaultValue;

        /// <summary>As written, e.g. "True (ByValue, ByPropertyName)" or "False".</summary>
        public string PipelineInput => First?.PipelineInput;

        public bool Globbing => First != null && First.Globbing;

        public bool IsSwitch => First != null && First.IsSwitch;

        /// <summary>The yaml block that applies to <paramref name="parameterSetName"/>, or null.</summary>
        public HelpParameterMetadata ForParameterSet(string parameterSetName) =>
            Metadata.FirstOrDefault(m => m.ParameterSets.Any(s => string.Equals(s, parameterSetName, StringComparison.OrdinalIgnoreCase)))
            ?? Metadata.FirstOrDefault(m => m.AppliesToAllParameterSets);

        public override string ToString() => "-" + Name;
    }

    /// <summary>One ```yaml metadata block of a parameter.</summary>
    public sealed class HelpParameterMetadata
    {
        public string Type { get; internal set; }

        /// <summary>Set names as written; ["(All)"] for all parameter sets.</summary>
        public IReadOnlyList<string> ParameterSets { get; internal set; } = Array.Empty<string>();

        public bool AppliesToAllParameterSets =>
            ParameterSets.Any(s => s.Equals("(All)", StringComparison.OrdinalIgnoreCase) ||
                                   s.Equals("__AllParameterSets", StringComparison.OrdinalIgnoreCase));

        public IReadOnlyList<string> Aliases { get; internal set; } = Array.Empty<string>();

        public IReadOnlyList<string> AcceptedValues { get; internal set; } = Array.Empty<string>();

        public bool Required { get; internal set; }

        /// <summary>"Named" or a number, as written.</summary>
        public string Position { get; internal set; }

        /// <summary>The position as a number, or null when named.</summary>
        public int? PositionIndex =>
            int.TryParse(Position, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int i) ? i : (int?)null;

        public string DefaultValue { get; internal set; }

        public string PipelineInput { get; internal set; }

        public bool AcceptsPipelineInput => PipelineInput != null && PipelineInput.StartsWith("True", StringComparison.OrdinalIgnoreCase);

        public bool AcceptsPipelineByValue => AcceptsPipelineInput && PipelineInput.IndexOf("ByValue", StringComparison.OrdinalIgnoreCase) >= 0;

        public bool AcceptsPipelineByPropertyName => AcceptsPipelineInput && PipelineInput.IndexOf("ByPropertyName", StringComparison.OrdinalIgnoreCase) >= 0;

        public bool Globbing { get; internal set; }

        public bool IsSwitch =>
            Type != null && (Type.Equals("SwitchParameter", StringComparison.OrdinalIgnoreCase) ||
                             Type.Equals("System.Management.Automation.SwitchParameter", StringComparison.OrdinalIgnoreCase) ||
                             Type.Equals("switch", StringComparison.OrdinalIgnoreCase));

        public int Line { get; internal set; }
    }

    /// <summary>A "### TypeName" entry of "## INPUTS" or "## OUTPUTS".</summary>
    public sealed class HelpTypeEntry
    {
        public string TypeName { get; internal set; }

        public IReadOnlyList<string> DescriptionParagraphs { get; internal set; } = Array.Empty<string>();

        public string Description => HelpText.Join(DescriptionParagraphs);

        public int Line { get; internal set; }

        public override string ToString() => TypeName;
    }

    /// <summary>A "## RELATED LINKS" entry: a markdown link, or a bare text line (Uri empty).</summary>
    public sealed class HelpLink
    {
        public string Text { get; internal set; }

        public string Uri { get; internal set; }

        public int Line { get; internal set; }

        public override string ToString() => string.IsNullOrEmpty(Uri) ? Text : Text + " (" + Uri + ")";
    }

    /// <summary>An about topic parsed from docs/about_Topic.md.</summary>
    public sealed class AboutDocument
    {
        public string SourcePath { get; internal set; }

        /// <summary>Topic name from the "# about_Topic" title, e.g. "about_PostHogPersons".</summary>
        public string Name { get; internal set; }

        /// <summary>All sections in order, SHORT DESCRIPTION and LONG DESCRIPTION included.</summary>
        public IReadOnlyList<AboutSection> Sections { get; internal set; } = Array.Empty<AboutSection>();

        public AboutSection GetSection(string title) =>
            Sections.FirstOrDefault(s => string.Equals(s.Title, title, StringComparison.OrdinalIgnoreCase));

        public string ShortDescription => GetSection("SHORT DESCRIPTION")?.Text;

        public string LongDescription => GetSection("LONG DESCRIPTION")?.Text;

        public override string ToString() => Name;
    }

    public sealed class AboutSection
    {
        public string Title { get; internal set; }

        /// <summary>Markdown heading level (1 or 2 for sections, 3+ for sub-sections).</summary>
        public int Level { get; internal set; }

        public IReadOnlyList<HelpTextBlock> Blocks { get; internal set; } = Array.Empty<HelpTextBlock>();

        public string Text => HelpText.Join(Blocks.Select(b => b.ToParagraph()));

        public int Line { get; internal set; }

        public override string ToString() => Title;
    }

    public enum HelpTextBlockKind
    {
        /// <summary>Prose: may be re-wrapped.</summary>
        Paragraph,

        /// <summary>A code block: kept verbatim.</summary>
        Code,

        /// <summary>A table or similar layout: kept verbatim.</summary>
        Preformatted,
    }

    /// <summary>A block of plain text produced from markdown.</summary>
    public sealed class HelpTextBlock
    {
        public HelpTextBlockKind Kind { get; internal set; }

        /// <summary>Plain text (no list marker).</summary>
        public string Text { get; internal set; }

        /// <summary>List marker such as "- " or "1. " for the first paragraph of a list item, else empty.</summary>
        public string Marker { get; internal set; } = string.Empty;

        /// <summary>Nesting depth inside lists (0 outside lists).</summary>
        public int ListDepth { get; internal set; }

        /// <summary>True for the later items of a tight list: plain-text output puts no blank line before them.</summary>
        public bool FollowsWithoutGap { get; internal set; }

        /// <summary>For code blocks: the info string.</summary>
        public string Language { get; internal set; }

        public int Line { get; internal set; }

        /// <summary>The block as one MAML paragraph: list indent + marker + text.</summary>
        public string ToParagraph()
        {
            if (Kind != HelpTextBlockKind.Paragraph) return Text;
            string indent = new string(' ', 2 * Math.Max(0, ListDepth - 1));
            if (ListDepth > 0 && Marker.Length == 0) indent += "  ";
            return indent + Marker + Text;
        }

        public override string ToString() => ToParagraph();
    }

    /// <summary>A schema violation found in a markdown file.</summary>
    public sealed class HelpSchemaError
    {
        public HelpSchemaError(string file, int line, string message)
        {
            File = file;
            Line = line;
            Message = message;
        }

        public string File { get; }

        /// <summary>1-based line number.</summary>
        public int Line { get; }

        public string Message { get; }

        public override string ToString() => File + ":" + Line + ": " + Message;
    }

    /// <summary>Thrown by the Parse methods when a document violates the schema.</summary>
    public sealed class HelpSchemaException : Exception
    {
        public HelpSchemaException(IReadOnlyList<HelpSchemaError> errors)
            : base(string.Join(Environment.NewLine, errors.Select(e => e.ToString())))
        {
            Errors = errors;
        }

        public IReadOnlyList<HelpSchemaError> Errors { get; }
    }

    internal static class HelpText
    {
        public static string Join(IEnumerable<string> paragraphs) =>
            paragraphs == null ? string.Empty : string.Join("\n\n", paragraphs.Where(p => !string.IsNullOrEmpty(p)));
    }
}
