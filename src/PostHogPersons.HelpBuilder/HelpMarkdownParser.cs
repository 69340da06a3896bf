using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Markdig.Syntax;

namespace PostHogPersons.HelpBuilder
{
    /// <summary>
    /// Parses a PlatyPS (schema 2.0.0) cmdlet help page into a <see cref="HelpDocument"/> and
    /// reports schema violations as <see cref="HelpSchemaError"/> ("file:line: problem").
    /// </summary>
    /// <remarks>
    /// This file reads the page, its syntax and its examples; the other parts live beside it:
    /// HelpMarkdownParser.Parameters.cs and .Yaml.cs (the parameters), .TypesAndLinks.cs (the
    /// closing sections) and .Page.cs (the heading structure).
    /// </remarks>
    public static partial class HelpMarkdownParser
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
        {
            Synopsis, SyntaxSection, Description, Examples, ParametersSection, Inputs, Outputs,
            Notes, RelatedLinks,
        };

        private static readonly string[] RequiredSections =
            { Synopsis, SyntaxSection, Description, Examples, ParametersSection, Inputs, Outputs };

        private static readonly Regex CommandName =
            new Regex(@"^[A-Za-z]+-[A-Za-z0-9]+$", RegexOptions.Compiled);

        private static readonly Regex SyntaxParameter =
            new Regex(@"(?:^|[\s\[])-([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.Compiled);

        /// <summary>
        /// Parses a file; throws <see cref="HelpSchemaException"/> listing every violation.
        /// </summary>
        public static HelpDocument Parse(string path)
        {
            var errors = new List<HelpSchemaError>();
            HelpDocument doc = Parse(path, errors);
            if (errors.Count > 0)
                throw new HelpSchemaException(errors.OrderBy(e => e.Line).ToList());
            return doc;
        }

        /// <summary>
        /// Parses a file, adding violations to
        /// <paramref name="errors"/>; returns what could be read.
        /// </summary>
        public static HelpDocument Parse(string path, ICollection<HelpSchemaError> errors) =>
            ParseText(File.ReadAllText(path), path, errors);

        /// <summary>
        /// Parses markdown text; <paramref name="sourceName"/> names it in errors.
        /// </summary>
        public static HelpDocument ParseText(
            string markdown, string sourceName, ICollection<HelpSchemaError> errors)
        {
            if (errors == null) throw new ArgumentNullException(nameof(errors));
            var src = new MarkdownSource(sourceName, markdown, errors);
            var doc = new HelpDocument { SourcePath = sourceName, FrontMatter = src.FrontMatter };

            if (src.FrontMatter.TryGetValue("schema", out string schema) && schema != "2.0.0")
            {
                src.Error(
                    1, "front matter 'schema: " + schema + "' is not supported (expected 2.0.0)");
            }

            Page page = Page.Split(src, errors);
            if (page.Title == null) return doc;

            doc.Name = MarkdownText.InlineText(page.Title.Inline);
            if (!CommandName.IsMatch(doc.Name))
                src.Error(page.Title, "title '# " + doc.Name + "' is not a Verb-Noun command name");
            string fileName = Path.GetFileNameWithoutExtension(sourceName ?? string.Empty);
            if (fileName.Length > 0
                && !string.Equals(fileName, doc.Name, StringComparison.OrdinalIgnoreCase))
            {
                src.Error(
                    page.Title,
                    "title '# " + doc.Name + "' does not match the file name '"
                    + fileName + ".md'");
            }

            foreach (Section section in page.Sections)
            {
                if (!KnownSections.Contains(section.Title))
                {
                    src.Error(
                        section.Line,
                        "unknown section '## " + section.Title + "' (expected one of: "
                        + string.Join(", ", KnownSections) + ")");
                }
                else if (page.Sections.First(s => s.Title == section.Title) != section)
                {
                    src.Error(section.Line, "duplicate section '## " + section.Title + "'");
                }
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
                if (doc.SynopsisParagraphs.Count == 0)
                    src.Error(synopsis.Line, "'## SYNOPSIS' is empty");
            }

            Section description = page.Get(Description);
            if (description != null)
            {
                doc.DescriptionParagraphs = MarkdownText.ToParagraphs(description.AllBlocks, src);
                if (doc.DescriptionParagraphs.Count == 0)
                    src.Error(description.Line, "'## DESCRIPTION' is empty");
            }

            Section notes = page.Get(Notes);
            if (notes != null)
                doc.NotesParagraphs = MarkdownText.ToParagraphs(notes.AllBlocks, src);

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
                {
                    src.Error(
                        section.Line,
                        "'## SYNTAX' needs a '### ParameterSetName' heading followed by a fenced "
                        + "code block");
                }
                else
                {
                    result.Add(NewSyntax("__AllParameterSets", false, code));
                }
                return result;
            }
            if (section.Preamble.Any())
            {
                src.Error(
                    section.Preamble.First(),
                    "text in '## SYNTAX' must follow a '### ParameterSetName' heading");
            }

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
                    src.Error(
                        sub.Line,
                        "syntax '### " + sub.Title
                        + "' has no fenced code block with the syntax line");
                    continue;
                }
                if (codes.Count > 1)
                {
                    src.Error(
                        codes[1], "syntax '### " + sub.Title + "' has more than one code block");
                }
                if (name.Length == 0)
                    src.Error(sub.Line, "syntax heading has no parameter set name");
                bool duplicate = result.Any(r => string.Equals(
                    r.ParameterSetName, name, StringComparison.OrdinalIgnoreCase));
                if (duplicate)
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
            {
                src.Error(
                    section.Preamble.First(),
                    "text in '## EXAMPLES' must follow a '### Example N: title' heading");
            }
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
                if (example.Code.Length == 0)
                    src.Error(code, "example '### " + sub.Title + "' has an empty code block");
                example.IntroductionParagraphs =
                    MarkdownText.ToParagraphs(sub.Blocks.Take(firstCode), src);
                example.RemarksParagraphs =
                    MarkdownText.ToParagraphs(sub.Blocks.Skip(firstCode + 1), src);
                example.CodeBlocks = sub.Blocks.OfType<FencedCodeBlock>()
                    .Select(c => new HelpCodeBlock
                    {
                        Language = c.Info ?? string.Empty,
                        Code = MarkdownText.CodeText(c),
                        Line = MarkdownSource.LineOf(c),
                    })
                    .ToList();
                result.Add(example);
            }
            return result;
        }
    }
}
