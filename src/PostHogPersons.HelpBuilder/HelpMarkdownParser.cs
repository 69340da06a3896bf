using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace PostHogPersons.HelpBuilder
{
    /// <summary>
    /// Parses a PlatyPS (schema 2.0.0) cmdlet help page into a <see cref="HelpDocument"/> and reports
    /// schema violations as <see cref="HelpSchemaError"/> ("file:line: problem").
    /// </summary>
    public static class HelpMarkdownParser
    {
        internal const string Synopsis = "SYNOPSIS";
        internal const string SyntaxSection = "SYNTAX";
        internal const string Description = "DESCRIPTION";
        internal const string Examples = "EXAMPLES";
        internal const string ParametersSection = "PARAMETERS";
        internal const string Inputs = "INPUTS";
        internal const string Outputs = "OUTPUTS";
        internal const string Notes = "NOTES";
        internal const string RelatedLinks = "RELATED LINKS";

        private static readonly string[] KnownSections =
            { Synopsis, SyntaxSection, Description, Examples, ParametersSection, Inputs, Outputs, Notes, RelatedLinks };

        private static readonly string[] RequiredSections =
            { Synopsis, SyntaxSection, Description, Examples, ParametersSection, Inputs, Outputs };

        private static readonly string[] RequiredYamlKeys =
            { "Type", "Parameter Sets", "Required", "Position", "Default value", "Accept pipeline input", "Accept wildcard characters" };

        private static readonly string[] OptionalYamlKeys = { "Aliases", "Accepted values" };

        private static readonly Regex CommandName = new Regex(@"^[A-Za-z]+-[A-Za-z0-9]+$", RegexOptions.Compiled);
        private static readonly Regex SyntaxParameter = new Regex(@"(?:^|[\s\[])-([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.Compiled);
        private static readonly Regex PipelineInputValue = new Regex(
            @"^(False|True \((ByValue|ByPropertyName|ByValue, ByPropertyName|ByPropertyName, ByValue)\))$",
            RegexOptions.Compiled | RegexOptions.IgnoreCase);

        /// <summary>Parses a file; throws <see cref="HelpSchemaException"/> listing every violation.</summary>
        public static HelpDocument Parse(string path)
        {
            var errors = new List<HelpSchemaError>();
            HelpDocument doc = Parse(path, errors);
            if (errors.Count > 0) throw new HelpSchemaException(errors.OrderBy(e => e.Line).ToList());
            return doc;
        }

        /// <summary>Parses a file, adding violations to <paramref name="errors"/>; returns what could be read.</summary>
        public static HelpDocument Parse(string path, ICollection<HelpSchemaError> errors) =>
            ParseText(File.ReadAllText(path), path, errors);

        /// <summary>Parses markdown text; <paramref name="sourceName"/> names it in errors.</summary>
        public static HelpDocument ParseText(string markdown, string sourceName, ICollection<HelpSchemaError> errors)
        {
            if (errors == null) throw new ArgumentNullException(nameof(errors));
            var src = new MarkdownSource(sourceName, markdown, errors);
            var doc = new HelpDocument { SourcePath = sourceName, FrontMatter = src.FrontMatter };

            if (src.FrontMatter.TryGetValue("schema", out string schema) && schema != "2.0.0")
                src.Error(1, "front matter 'schema: " + schema + "' is not supported (expected 2.0.0)");

            Page page = Page.Split(src, errors);
            if (page.Title == null) return doc;

            doc.Name = MarkdownText.InlineText(page.Title.Inline);
            if (!CommandName.IsMatch(doc.Name))
                src.Error(page.Title, "title '# " + doc.Name + "' is not a Verb-Noun command name");
            string fileName = System.IO.Path.GetFileNameWithoutExtension(sourceName ?? string.Empty);
            if (fileName.Length > 0 && !string.Equals(fileName, doc.Name, StringComparison.OrdinalIgnoreCase))
                src.Error(page.Title, "title '# " + doc.Name + "' does not match the file name '" + fileName + ".md'");

            foreach (Section section in page.Sections)
            {
                if (!KnownSections.Contains(section.Title))
                    src.Error(section.Line, "unknown section '## " + section.Title + "' (expected one of: " + string.Join(", ", KnownSections) + ")");
                else if (page.Sections.First(s => s.Title == section.Title) != section)
                    src.Error(section.Line, "duplicate section '## " + section.Title + "'");
            }
            foreach (string required in RequiredSections)
            {
                if (page.Get(required) == null)
                    src.Error(page.Title, "missing section '## " + required + "'");
            }

            Section synopsis = page.Get(Synopsis);
            if (synopsis != null)
            {
                doc.SynopsisParagraphs = MarkdownText.ToParagraphs(synopsis.AllBlocks, src);
                if (doc.SynopsisParagraphs.Count == 0) src.Error(synopsis.Line, "'## SYNOPSIS' is empty");
            }

            Section description = page.Get(Description);
            if (description != null)
            {
                doc.DescriptionParagraphs = MarkdownText.ToParagraphs(description.AllBlocks, src);
                if (doc.DescriptionParagraphs.Count == 0) src.Error(description.Line, "'## DESCRIPTION' is empty");
            }

            Section notes = page.Get(Notes);
            if (notes != null) doc.NotesParagraphs = MarkdownText.ToParagraphs(notes.AllBlocks, src);

            doc.Syntax = ParseSyntax(page.Get(SyntaxSection), src);
            doc.Examples = ParseExamples(page.Get(Examples), src);
            doc.Parameters = ParseParameters(page.Get(ParametersSection), src, doc);
            doc.Inputs = ParseTypes(page.Get(Inputs), src);
            doc.Outputs = ParseTypes(page.Get(Outputs), src);
            doc.Links = ParseLinks(page.Get(RelatedLinks));
            CheckSyntaxAgainstParameters(doc, src);
            return doc;
        }

        private static List<HelpSyntax> ParseSyntax(Section section, MarkdownSource src)
        {
            var result = new List<HelpSyntax>();
            if (section == null) return result;

            if (section.Subsections.Count == 0)
            {
                // A page without "### SetName" headings: one syntax block for all parameter sets.
                var code = section.Preamble.OfType<FencedCodeBlock>().FirstOrDefault();
                if (code == null)
                    src.Error(section.Line, "'## SYNTAX' needs a '### ParameterSetName' heading followed by a fenced code block");
                else
                    result.Add(NewSyntax("__AllParameterSets", false, code));
                return result;
            }
            if (section.Preamble.Any())
                src.Error(section.Preamble.First(), "text in '## SYNTAX' must follow a '### ParameterSetName' heading");

            foreach (Subsection sub in section.Subsections)
            {
                string name = sub.Title;
                bool isDefault = false;
                Match m = Regex.Match(name, @"^(.*?)\s*\(Default\)$", RegexOptions.IgnoreCase);
                if (m.Success)
                {
                    name = m.Groups[1].Value;
                    isDefault = true;
                }
                var codes = sub.Blocks.OfType<FencedCodeBlock>().ToList();
                if (codes.Count == 0)
                {
                    src.Error(sub.Line, "syntax '### " + sub.Title + "' has no fenced code block with the syntax line");
                    continue;
                }
                if (codes.Count > 1) src.Error(codes[1], "syntax '### " + sub.Title + "' has more than one code block");
                if (name.Length == 0) src.Error(sub.Line, "syntax heading has no parameter set name");
                if (result.Any(r => string.Equals(r.ParameterSetName, name, StringComparison.OrdinalIgnoreCase)))
                    src.Error(sub.Line, "duplicate parameter set '### " + name + "'");
                result.Add(NewSyntax(name, isDefault, codes[0]));
            }
            if (result.Count(r => r.IsDefault) > 1)
                src.Error(section.Line, "more than one parameter set is marked (Default)");
            return result;
        }

        private static HelpSyntax NewSyntax(string name, bool isDefault, FencedCodeBlock code)
        {
            string text = MarkdownText.CodeText(code);
            var names = new List<string>();
            foreach (Match m in SyntaxParameter.Matches(text))
            {
                string p = m.Groups[1].Value;
                if (!names.Contains(p, StringComparer.OrdinalIgnoreCase)) names.Add(p);
            }
            return new HelpSyntax
            {
                ParameterSetName = name,
                IsDefault = isDefault,
                Text = text,
                ParameterNames = names,
                Line = MarkdownSource.LineOf(code) + 1, // the syntax line, not the fence
            };
        }

        private static List<HelpExample> ParseExamples(Section section, MarkdownSource src)
        {
            var result = new List<HelpExample>();
            if (section == null) return result;
            if (section.Preamble.Any())
                src.Error(section.Preamble.First(), "text in '## EXAMPLES' must follow a '### Example N: title' heading");
            if (section.Subsections.Count == 0)
                src.Error(section.Line, "'## EXAMPLES' has no '### Example 1: title' entry");

            foreach (Subsection sub in section.Subsections)
            {
                var example = new HelpExample { Title = sub.Title, Line = sub.Line };
                int firstCode = sub.Blocks.FindIndex(b => b is FencedCodeBlock);
                if (firstCode < 0)
                {
                    src.Error(sub.Line, "example '### " + sub.Title + "' has no fenced code block");
                    result.Add(example);
                    continue;
                }
                var code = (FencedCodeBlock)sub.Blocks[firstCode];
                example.Code = MarkdownText.CodeText(code);
                example.CodeLanguage = code.Info ?? string.Empty;
                if (example.Code.Length == 0) src.Error(code, "example '### " + sub.Title + "' has an empty code block");
                example.IntroductionParagraphs = MarkdownText.ToParagraphs(sub.Blocks.Take(firstCode), src);
                example.RemarksParagraphs = MarkdownText.ToParagraphs(sub.Blocks.Skip(firstCode + 1), src);
                example.CodeBlocks = sub.Blocks.OfType<FencedCodeBlock>()
                    .Select(c => new HelpCodeBlock { Language = c.Info ?? string.Empty, Code = MarkdownText.CodeText(c), Line = MarkdownSource.LineOf(c) })
                    .ToList();
                result.Add(example);
            }
            return result;
        }

        private static List<HelpParameter> ParseParameters(Section section, MarkdownSource src, HelpDocument doc)
        {
            var result = new List<HelpParameter>();
            if (section == null) return result;
            if (section.Preamble.Any())
                src.Error(section.Preamble.First(), "text in '## PARAMETERS' must follow a '### -Name' heading");

            foreach (Subsection sub in section.Subsections)
            {
                string title = sub.Title.Trim();
                string bare = title.Trim('<', '>');
                if (bare.Equals("CommonParameters", StringComparison.OrdinalIgnoreCase))
                {
                    doc.HasCommonParameters = true;
                    continue;
                }
                if (bare.Equals("WorkflowCommonParameters", StringComparison.OrdinalIgnoreCase)) continue;
                if (!title.StartsWith("-", StringComparison.Ordinal) || title.Length < 2 || title.Contains(" "))
                {
                    src.Error(sub.Line, "parameter heading '### " + title + "' must be '### -Name' or '### CommonParameters'");
                    continue;
                }

                var parameter = new HelpParameter { Name = title.Substring(1), Line = sub.Line };
                if (result.Any(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase)))
                    src.Error(sub.Line, "duplicate parameter '### " + title + "'");

                var descriptionBlocks = new List<Block>();
                var metadata = new List<HelpParameterMetadata>();
                foreach (Block block in sub.Blocks)
                {
                    if (block is FencedCodeBlock code && string.Equals(code.Info, "yaml", StringComparison.OrdinalIgnoreCase))
                        metadata.Add(ParseYaml(code, src, title));
                    else
                        descriptionBlocks.Add(block);
                }
                parameter.DescriptionParagraphs = MarkdownText.ToParagraphs(descriptionBlocks, src);
                parameter.Metadata = metadata;
                if (parameter.DescriptionParagraphs.Count == 0)
                    src.Error(sub.Line, "parameter '### " + title + "' has no description");
                if (metadata.Count == 0)
                    src.Error(sub.Line, "parameter '### " + title + "' has no ```yaml metadata block");

                CheckParameterSets(parameter, doc, src);
                result.Add(parameter);
            }
            return result;
        }

        private static HelpParameterMetadata ParseYaml(FencedCodeBlock code, MarkdownSource src, string title)
        {
            var meta = new HelpParameterMetadata { Line = MarkdownSource.LineOf(code) };
            var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < code.Lines.Count; i++)
            {
                string line = code.Lines.Lines[i].Slice.ToString().Trim();
                int lineNo = code.Line + 2 + i;
                if (line.Length == 0) continue;
                int colon = line.IndexOf(':');
                if (colon <= 0)
                {
                    src.Error(lineNo, "parameter '" + title + "' yaml line is not 'Key: value': " + line);
                    continue;
                }
                string key = Regex.Replace(line.Substring(0, colon).Trim(), @"\s+", " ");
                string value = line.Substring(colon + 1).Trim();
                string known = RequiredYamlKeys.Concat(OptionalYamlKeys).FirstOrDefault(k => k.Equals(key, StringComparison.OrdinalIgnoreCase));
                if (known == null)
                {
                    src.Error(lineNo, "parameter '" + title + "' has unknown yaml key '" + key + "'");
                    continue;
                }
                if (seen.ContainsKey(known))
                {
                    src.Error(lineNo, "parameter '" + title + "' repeats yaml key '" + known + "'");
                    continue;
                }
                seen[known] = value;
                switch (known)
                {
                    case "Type":
                        meta.Type = value;
                        if (value.Length == 0) src.Error(lineNo, "parameter '" + title + "' has an empty Type");
                        break;
                    case "Parameter Sets":
                        meta.ParameterSets = SplitList(value);
                        if (meta.ParameterSets.Count == 0) src.Error(lineNo, "parameter '" + title + "' has an empty 'Parameter Sets' (use (All))");
                        break;
                    case "Aliases":
                        meta.Aliases = SplitList(value).Where(a => !a.Equals("None", StringComparison.OrdinalIgnoreCase)).ToList();
                        break;
                    case "Accepted values":
                        meta.AcceptedValues = SplitList(value);
                        break;
                    case "Required":
                        meta.Required = ParseBool(value, lineNo, src, title, known);
                        break;
                    case "Position":
                        meta.Position = value;
                        if (!value.Equals("Named", StringComparison.OrdinalIgnoreCase) &&
                            !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                            src.Error(lineNo, "parameter '" + title + "' Position must be Named or a number, not '" + value + "'");
                        break;
                    case "Default value":
                        meta.DefaultValue = value;
                        break;
                    case "Accept pipeline input":
                        meta.PipelineInput = value;
                        if (!PipelineInputValue.IsMatch(value))
                            src.Error(lineNo, "parameter '" + title + "' 'Accept pipeline input' must be False or True (ByValue[, ByPropertyName]), not '" + value + "'");
                        break;
                    case "Accept wildcard characters":
                        meta.Globbing = ParseBool(value, lineNo, src, title, known);
                        break;
                }
            }
            foreach (string key in RequiredYamlKeys)
            {
                if (!seen.ContainsKey(key))
                    src.Error(meta.Line, "parameter '" + title + "' yaml block lacks '" + key + ":'");
            }
            return meta;
        }

        private static bool ParseBool(string value, int line, MarkdownSource src, string title, string key)
        {
            if (value.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
            if (value.Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
            src.Error(line, "parameter '" + title + "' '" + key + "' must be True or False, not '" + value + "'");
            return false;
        }

        private static List<string> SplitList(string value) =>
            value.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToList();

        private static void CheckParameterSets(HelpParameter parameter, HelpDocument doc, MarkdownSource src)
        {
            var covered = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (HelpParameterMetadata meta in parameter.Metadata)
            {
                if (meta.AppliesToAllParameterSets)
                {
                    if (parameter.Metadata.Count > 1)
                        src.Error(meta.Line, "parameter '-" + parameter.Name + "' has several yaml blocks, so none may say (All)");
                    continue;
                }
                foreach (string set in meta.ParameterSets)
                {
                    if (doc.Syntax.Count > 0 && !doc.Syntax.Any(s => string.Equals(s.ParameterSetName, set, StringComparison.OrdinalIgnoreCase)))
                        src.Error(meta.Line, "parameter '-" + parameter.Name + "' names parameter set '" + set + "', which '## SYNTAX' does not have");
                    if (!covered.Add(set))
                        src.Error(meta.Line, "parameter '-" + parameter.Name + "' describes parameter set '" + set + "' twice");
                }
            }
        }

        private static void CheckSyntaxAgainstParameters(HelpDocument doc, MarkdownSource src)
        {
            foreach (HelpSyntax syntax in doc.Syntax)
            {
                foreach (string name in syntax.ParameterNames)
                {
                    HelpParameter p = doc.GetParameter(name);
                    if (p == null)
                        src.Error(syntax.Line, "syntax '" + syntax.ParameterSetName + "' mentions -" + name + ", which has no '### -" + name + "' in '## PARAMETERS'");
                    else if (p.Metadata.Count > 0 && p.ForParameterSet(syntax.ParameterSetName) == null && doc.Syntax.Count > 1)
                        src.Error(syntax.Line, "syntax '" + syntax.ParameterSetName + "' mentions -" + name + ", but its yaml 'Parameter Sets' do not include that set");
                }
                foreach (HelpParameter p in doc.Parameters)
                {
                    bool inSet = p.Metadata.Count > 0 && (doc.Syntax.Count == 1 || p.ForParameterSet(syntax.ParameterSetName) != null);
                    if (inSet && !syntax.ParameterNames.Contains(p.Name, StringComparer.OrdinalIgnoreCase))
                        src.Error(syntax.Line, "syntax '" + syntax.ParameterSetName + "' does not mention -" + p.Name + ", whose yaml puts it in that set");
                }
            }
        }

        private static List<HelpTypeEntry> ParseTypes(Section section, MarkdownSource src)
        {
            var result = new List<HelpTypeEntry>();
            if (section == null) return result;
            if (section.Preamble.Any())
                src.Error(section.Preamble.First(), "text in '## " + section.Title + "' must follow a '### TypeName' heading (use '### None' when there is none)");
            if (section.Subsections.Count == 0)
                src.Error(section.Line, "'## " + section.Title + "' has no '### TypeName' entry (use '### None' when there is none)");
            foreach (Subsection sub in section.Subsections)
            {
                result.Add(new HelpTypeEntry
                {
                    TypeName = sub.Title,
                    DescriptionParagraphs = MarkdownText.ToParagraphs(sub.Blocks, src),
                    Line = sub.Line,
                });
            }
            return result;
        }

        private static List<HelpLink> ParseLinks(Section section)
        {
            var result = new List<HelpLink>();
            if (section == null) return result;
            foreach (Block block in section.AllBlocks) CollectLinks(block, result);
            return result;
        }

        private static void CollectLinks(Block block, List<HelpLink> result)
        {
            if (block is ContainerBlock container)
            {
                foreach (Block child in container) CollectLinks(child, result);
                return;
            }
            if (!(block is LeafBlock leaf) || leaf.Inline == null) return;

            // Each line of a paragraph is one entry: a markdown link, an autolink, or bare text.
            var line = new List<Inline>();
            foreach (Inline inline in leaf.Inline)
            {
                if (inline is LineBreakInline)
                {
                    AddLink(line, result, MarkdownSource.LineOf(leaf));
                    line.Clear();
                }
                else
                {
                    line.Add(inline);
                }
            }
            AddLink(line, result, MarkdownSource.LineOf(leaf));
        }

        private static void AddLink(List<Inline> line, List<HelpLink> result, int blockLine)
        {
            var meaningful = line.Where(i => !(i is LiteralInline lit && lit.Content.ToString().Trim().Length == 0)).ToList();
            if (meaningful.Count == 0) return;
            int lineNo = meaningful[0].Line + 1;
            if (meaningful.Count == 1 && meaningful[0] is LinkInline link && !link.IsImage)
            {
                string text = MarkdownText.InlineText(link);
                result.Add(new HelpLink { Text = text, Uri = link.Url ?? string.Empty, Line = lineNo });
                return;
            }
            if (meaningful.Count == 1 && meaningful[0] is AutolinkInline auto)
            {
                result.Add(new HelpLink { Text = auto.Url, Uri = auto.Url, Line = lineNo });
                return;
            }
            var sb = new System.Text.StringBuilder();
            foreach (Inline i in line) sb.Append(InlineToText(i));
            string bare = MarkdownText.Tidy(sb.ToString());
            if (bare.Length > 0) result.Add(new HelpLink { Text = bare, Uri = string.Empty, Line = lineNo > 0 ? lineNo : blockLine });
        }

        private static string InlineToText(Inline inline)
        {
            switch (inline)
            {
                case LiteralInline lit: return lit.Content.ToString();
                case CodeInline code: return code.Content;
                case AutolinkInline auto: return auto.Url;
                case ContainerInline c: return MarkdownText.InlineText(c);
                default: return string.Empty;
            }
        }

        /// <summary>The page split into its "# Title" and "## Section" / "### Subsection" parts.</summary>
        internal sealed class Page
        {
            public HeadingBlock Title { get; private set; }

            public List<Section> Sections { get; } = new List<Section>();

            public Section Get(string title) => Sections.FirstOrDefault(s => s.Title == title);

            public static Page Split(MarkdownSource src, ICollection<HelpSchemaError> errors)
            {
                var page = new Page();
                Section current = null;
                foreach (Block block in src.Blocks)
                {
                    if (block is HeadingBlock h && h.Level == 1)
                    {
                        if (page.Title != null)
                            src.Error(h, "a page has one '# Verb-Noun' title; found another: '# " + MarkdownText.InlineText(h.Inline) + "'");
                        else if (page.Sections.Count > 0)
                            src.Error(h, "the '# Verb-Noun' title must come before the '##' sections");
                        else
                            page.Title = h;
                        continue;
                    }
                    if (block is HeadingBlock h2 && h2.Level == 2)
                    {
                        current = new Section
                        {
                            Title = MarkdownText.InlineText(h2.Inline).Trim().ToUpperInvariant(),
                            Line = MarkdownSource.LineOf(h2),
                        };
                        current.Title = Regex.Replace(current.Title, @"\s+", " ");
                        page.Sections.Add(current);
                        continue;
                    }
                    if (current == null)
                    {
                        if (page.Title == null)
                            src.Error(block, "content before the '# Verb-Noun' title");
                        else
                            src.Error(block, "content between the '# Verb-Noun' title and the first '##' section");
                        continue;
                    }
                    current.Add(block);
                }
                if (page.Title == null) src.Error(1, "missing '# Verb-Noun' title");
                return page;
            }
        }

        internal sealed class Section
        {
            public string Title { get; set; }

            public int Line { get; set; }

            /// <summary>Blocks before the first "###".</summary>
            public List<Block> Preamble { get; } = new List<Block>();

            public List<Subsection> Subsections { get; } = new List<Subsection>();

            /// <summary>Every block, "###" headings included, in order.</summary>
            public List<Block> AllBlocks { get; } = new List<Block>();

            public void Add(Block block)
            {
                AllBlocks.Add(block);
                if (block is HeadingBlock h && h.Level == 3)
                {
                    Subsections.Add(new Subsection { Title = MarkdownText.InlineText(h.Inline).Trim(), Line = MarkdownSource.LineOf(h) });
                    return;
                }
                if (Subsections.Count == 0) Preamble.Add(block);
                else Subsections[Subsections.Count - 1].Blocks.Add(block);
            }
        }

        internal sealed class Subsection
        {
            public string Title { get; set; }

            public int Line { get; set; }

            public List<Block> Blocks { get; } = new List<Block>();
        }
    }
}
