using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Markdig.Syntax;

namespace PostHogPersons.HelpBuilder
{
    /// <summary>
    /// Parses a PlatyPS about topic (docs/about_Topic.md): "# about_Topic" (or "# Topic" +
    /// "## about_Topic"), then "SHORT DESCRIPTION" and "LONG DESCRIPTION" headings (level 1 or
    /// 2) and any further sections.
    /// </summary>
    public static class AboutMarkdownParser
    {
        public const string ShortDescription = "SHORT DESCRIPTION";
        public const string LongDescription = "LONG DESCRIPTION";

        public static AboutDocument Parse(string path)
        {
            var errors = new List<HelpSchemaError>();
            AboutDocument doc = Parse(path, errors);
            if (errors.Count > 0)
                throw new HelpSchemaException(errors.OrderBy(e => e.Line).ToList());
            return doc;
        }

        public static AboutDocument Parse(string path, ICollection<HelpSchemaError> errors) =>
            ParseText(File.ReadAllText(path), path, errors);

        public static AboutDocument ParseText(
            string markdown, string sourceName, ICollection<HelpSchemaError> errors)
        {
            if (errors == null) throw new ArgumentNullException(nameof(errors));
            var src = new MarkdownSource(sourceName, markdown, errors);
            var doc = new AboutDocument { SourcePath = sourceName };
            var sections = new List<(AboutSection Section, List<Block> Blocks)>();
            HeadingBlock first = null;

            foreach (Block block in src.Blocks)
            {
                if (block is HeadingBlock h)
                {
                    string text = MarkdownText.InlineText(h.Inline).Trim();
                    bool isName = text.StartsWith("about_", StringComparison.OrdinalIgnoreCase)
                        && !text.Contains(" ");
                    if (first == null)
                    {
                        first = h;
                        if (h.Level != 1)
                            src.Error(h, "an about topic starts with a '# about_Topic' title");
                        if (isName) doc.Name = text;
                        continue;
                    }
                    if (isName && sections.Count == 0 && h.Level <= 2)
                    {
                        // "# Topic" followed by "## about_Topic" (the PlatyPS template), or a
                        // repeated name.
                        if (doc.Name == null)
                        {
                            doc.Name = text;
                        }
                        else if (!string.Equals(doc.Name, text, StringComparison.OrdinalIgnoreCase))
                        {
                            src.Error(
                                h,
                                "heading '" + text + "' does not match the topic name '"
                                + doc.Name + "'");
                        }
                        continue;
                    }
                    string title = System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");
                    if (title.Equals(ShortDescription, StringComparison.OrdinalIgnoreCase))
                        title = ShortDescription;
                    if (title.Equals(LongDescription, StringComparison.OrdinalIgnoreCase))
                        title = LongDescription;
                    var section = new AboutSection
                    {
                        Title = title,
                        Level = h.Level,
                        Line = MarkdownSource.LineOf(h),
                    };
                    sections.Add((section, new List<Block>()));
                    continue;
                }
                if (first == null)
                {
                    src.Error(block, "content before the '# about_Topic' title");
                }
                else if (sections.Count == 0)
                {
                    src.Error(
                        block,
                        "content before the first section heading (expected '## "
                        + ShortDescription + "')");
                }
                else
                {
                    sections[sections.Count - 1].Blocks.Add(block);
                }
            }

            if (first == null)
            {
                src.Error(1, "missing '# about_Topic' title");
                return doc;
            }
            if (doc.Name == null)
                src.Error(first, "the title must name the topic as about_Topic");
            string fileName = Path.GetFileNameWithoutExtension(sourceName ?? string.Empty);
            if (doc.Name != null
                && fileName.Length > 0
                && !string.Equals(fileName, doc.Name, StringComparison.OrdinalIgnoreCase))
            {
                src.Error(
                    first,
                    "topic '" + doc.Name + "' does not match the file name '" + fileName + ".md'");
            }

            foreach (var (section, blocks) in sections)
                section.Blocks = MarkdownText.ToTextBlocks(blocks, src);
            doc.Sections = sections.Select(s => s.Section).ToList();

            foreach (string required in new[] { ShortDescription, LongDescription })
            {
                var matching = doc.Sections.Where(s => s.Title == required).ToList();
                if (matching.Count == 0)
                    src.Error(first, "missing section '## " + required + "'");
                else if (matching.Count > 1)
                    src.Error(matching[1].Line, "duplicate section '## " + required + "'");
                else if (matching[0].Blocks.Count == 0)
                    src.Error(matching[0].Line, "section '## " + required + "' is empty");
            }
            var shortSection = doc.GetSection(ShortDescription);
            var longSection = doc.GetSection(LongDescription);
            if (shortSection != null
                && longSection != null
                && doc.Sections.ToList().IndexOf(shortSection)
                    > doc.Sections.ToList().IndexOf(longSection))
            {
                src.Error(
                    shortSection.Line,
                    "'" + ShortDescription + "' must come before '" + LongDescription + "'");
            }
            return doc;
        }
    }
}
