using System;
using System.Collections.Generic;
using System.Linq;

namespace PostHogPersons.HelpBuilder
{
    /// <summary>An about topic parsed from docs/about_Topic.md.</summary>
    public sealed class AboutDocument
    {
        public string SourcePath { get; internal set; }

        /// <summary>
        /// Topic name from the "# about_Topic" title, e.g. "about_PostHogPersons".
        /// </summary>
        public string Name { get; internal set; }

        /// <summary>
        /// All sections in order, SHORT DESCRIPTION and LONG DESCRIPTION included.
        /// </summary>
        public IReadOnlyList<AboutSection> Sections { get; internal set; } =
            Array.Empty<AboutSection>();

        public AboutSection GetSection(string title) =>
            Sections.FirstOrDefault(
                s => string.Equals(s.Title, title, StringComparison.OrdinalIgnoreCase));

        public string ShortDescription => GetSection("SHORT DESCRIPTION")?.Text;

        public string LongDescription => GetSection("LONG DESCRIPTION")?.Text;

        public override string ToString() => Name;
    }

    public sealed class AboutSection
    {
        public string Title { get; internal set; }

        /// <summary>Markdown heading level (1 or 2 for sections, 3+ for sub-sections).</summary>
        public int Level { get; internal set; }

        public IReadOnlyList<HelpTextBlock> Blocks { get; internal set; } =
            Array.Empty<HelpTextBlock>();

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

        /// <summary>
        /// List marker such as "- " or "1. " for the
        /// first paragraph of a list item, else empty.
        /// </summary>
        public string Marker { get; internal set; } = string.Empty;

        /// <summary>Nesting depth inside lists (0 outside lists).</summary>
        public int ListDepth { get; internal set; }

        /// <summary>
        /// True for the later items of a tight list:
        /// plain-text output puts no blank line before them.
        /// </summary>
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
}
