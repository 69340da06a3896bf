using System.Collections.Generic;
using System.Linq;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace PostHogPersons.HelpBuilder
{
    /// <summary>The closing sections: '## INPUTS', '## OUTPUTS' and '## RELATED LINKS'.</summary>
    public static partial class HelpMarkdownParser
    {
        private static List<HelpTypeEntry> ParseTypes(Section section, MarkdownSource src)
        {
            var result = new List<HelpTypeEntry>();
            if (section == null) return result;
            if (section.Preamble.Any())
            {
                src.Error(
                    section.Preamble.First(),
                    "text in '## " + section.Title + "' must follow a '### TypeName' heading "
                    + "(use '### None' when there is none)");
            }
            if (section.Subsections.Count == 0)
            {
                src.Error(
                    section.Line,
                    "'## " + section.Title + "' has no '### TypeName' entry "
                    + "(use '### None' when there is none)");
            }
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
            var meaningful = line
                .Where(i => !(i is LiteralInline lit && lit.Content.ToString().Trim().Length == 0))
                .ToList();
            if (meaningful.Count == 0) return;
            int lineNo = meaningful[0].Line + 1;
            if (meaningful.Count == 1 && meaningful[0] is LinkInline link && !link.IsImage)
            {
                string text = MarkdownText.InlineText(link);
                result.Add(
                    new HelpLink { Text = text, Uri = link.Url ?? string.Empty, Line = lineNo });
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
            if (bare.Length > 0)
            {
                result.Add(new HelpLink
                {
                    Text = bare,
                    Uri = string.Empty,
                    Line = lineNo > 0 ? lineNo : blockLine,
                });
            }
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
    }
}
