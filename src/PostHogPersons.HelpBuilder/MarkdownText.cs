using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace PostHogPersons.HelpBuilder
{
    /// <summary>Markdown to plain text conversion shared by the cmdlet and about parsers.</summary>
    internal static class MarkdownText
    {
        private static readonly Regex FormattingTag = new Regex(
            @"^(<!--.*-->|</?(a|abbr|b|cite|code|del|div|em|i|ins|kbd|mark|p|pre|q|s|samp|small"
            + @"|span|strong|sub|sup|u|var)(\s[^>]*)?/?>)$",
            RegexOptions.Compiled | RegexOptions.IgnoreCase | RegexOptions.Singleline);

        /// <summary>
        /// Plain text of an inline container: formatting
        /// removed, code spans kept, soft breaks as spaces.
        /// </summary>
        public static string InlineText(ContainerInline container)
        {
            if (container == null) return string.Empty;
            var sb = new StringBuilder();
            AppendInlines(container, sb);
            return Tidy(sb.ToString());
        }

        private static void AppendInlines(ContainerInline container, StringBuilder sb)
        {
            foreach (Inline inline in container)
            {
                switch (inline)
                {
                    case LiteralInline lit:
                        sb.Append(lit.Content.ToString());
                        break;
                    case CodeInline code:
                        sb.Append(code.Content);
                        break;
                    case AutolinkInline auto:
                        sb.Append(auto.Url);
                        break;
                    case LineBreakInline br:
                        sb.Append(br.IsHard ? "\n" : " ");
                        break;
                    case HtmlEntityInline entity:
                        sb.Append(entity.Transcoded.ToString());
                        break;
                    case HtmlInline html:
                        // <br> breaks the line; real formatting tags and comments vanish;
                        // anything else (e.g. "<CommonParameters>", "<String>") is text the author
                        // meant literally.
                        if (Regex.IsMatch(html.Tag, @"^<br\s*/?>$", RegexOptions.IgnoreCase))
                            sb.Append('\n');
                        else if (!FormattingTag.IsMatch(html.Tag))
                            sb.Append(html.Tag);
                        break;
                    case LinkInline link:
                        int before = sb.Length;
                        AppendInlines(link, sb);
                        if (sb.Length == before && !link.IsImage) sb.Append(link.Url);
                        break;
                    case ContainerInline inner:
                        AppendInlines(inner, sb);
                        break;
                }
            }
        }

        /// <summary>Trims every line and drops leading/trailing blank lines.</summary>
        public static string Tidy(string text)
        {
            var lines = text.Split('\n').Select(l => l.Trim());
            return string.Join("\n", lines).Trim('\n', ' ');
        }

        public static string CodeText(LeafBlock code)
        {
            var lines = new List<string>();
            for (int i = 0; i < code.Lines.Count; i++)
                lines.Add(code.Lines.Lines[i].Slice.ToString().TrimEnd());
            while (lines.Count > 0 && lines[lines.Count - 1].Length == 0)
                lines.RemoveAt(lines.Count - 1);
            while (lines.Count > 0 && lines[0].Length == 0) lines.RemoveAt(0);
            return string.Join("\n", lines);
        }

        /// <summary>
        /// Converts blocks (paragraphs, lists, code,
        /// quotes, tables) into plain text blocks.
        /// </summary>
        public static List<HelpTextBlock> ToTextBlocks(
            IEnumerable<Block> blocks, MarkdownSource source)
        {
            var result = new List<HelpTextBlock>();
            foreach (Block b in blocks) Append(b, source, result, 0, null);
            return result;
        }

        private static void Append(
            Block block,
            MarkdownSource source,
            List<HelpTextBlock> result,
            int depth,
            string marker)
        {
            switch (block)
            {
                case ParagraphBlock p:
                    AddParagraph(result, InlineText(p.Inline), depth, ref marker, block);
                    break;
                case HeadingBlock h:
                    AddParagraph(result, InlineText(h.Inline), depth, ref marker, block);
                    break;
                case CodeBlock code:
                    result.Add(new HelpTextBlock
                    {
                        Kind = HelpTextBlockKind.Code,
                        Text = CodeText(code),
                        Language = (code as FencedCodeBlock)?.Info ?? string.Empty,
                        ListDepth = depth,
                        Line = MarkdownSource.LineOf(code),
                    });
                    break;
                case Table table:
                    result.Add(new HelpTextBlock
                    {
                        Kind = HelpTextBlockKind.Preformatted,
                        Text = source.SourceOf(table),
                        ListDepth = depth,
                        Line = MarkdownSource.LineOf(table),
                    });
                    break;
                case HtmlBlock html:
                    if (html.Type != HtmlBlockType.Comment)
                    {
                        string raw = Tidy(Regex.Replace(
                            source.SourceOf(html), @"</?[A-Za-z][^>]*>", string.Empty));
                        AddParagraph(result, raw, depth, ref marker, block);
                    }
                    break;
                case ListBlock list:
                    int firstOfList = result.Count;
                    int number = 1;
                    if (list.IsOrdered
                        && !int.TryParse(
                            list.OrderedStart,
                            NumberStyles.Integer,
                            CultureInfo.InvariantCulture,
                            out number))
                    {
                        number = 1;
                    }
                    foreach (Block item in list)
                    {
                        string itemMarker = list.IsOrdered ? number++ + ". " : "- ";
                        if (item is ListItemBlock li)
                        {
                            foreach (Block child in li)
                            {
                                Append(child, source, result, depth + 1, itemMarker);
                                itemMarker = null;
                            }
                        }
                    }
                    // A tight list's items (and their nested lists) follow each other without
                    // blank lines.
                    if (!list.IsLoose)
                    {
                        for (int i = firstOfList + 1; i < result.Count; i++)
                            result[i].FollowsWithoutGap = true;
                    }
                    break;
                case QuoteBlock quote:
                    foreach (Block child in quote) Append(child, source, result, depth, null);
                    break;
                case ContainerBlock container when !(block is Table):
                    foreach (Block child in container) Append(child, source, result, depth, null);
                    break;
                // HtmlBlock (comments), ThematicBreakBlock, LinkReferenceDefinitionGroup,
                // BlankLineBlock: dropped.
            }
        }

        private static void AddParagraph(
            List<HelpTextBlock> result, string text, int depth, ref string marker, Block block)
        {
            if (text.Length == 0) return;
            result.Add(new HelpTextBlock
            {
                Kind = HelpTextBlockKind.Paragraph,
                Text = text,
                Marker = marker ?? string.Empty,
                ListDepth = depth,
                Line = MarkdownSource.LineOf(block),
            });
            marker = null;
        }

        public static List<string> ToParagraphs(IEnumerable<Block> blocks, MarkdownSource source) =>
            ToTextBlocks(blocks, source)
                .Select(b => b.ToParagraph())
                .Where(p => p.Length > 0)
                .ToList();
    }
}
