using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Markdig.Syntax;

namespace PostHogPersons.HelpBuilder
{
    /// <summary>The heading structure of a help page.</summary>
    public static partial class HelpMarkdownParser
    {
        /// <summary>
        /// The page split into its "# Title" and "## Section" / "### Subsection" parts.
        /// </summary>
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
                        {
                            src.Error(
                                h,
                                "a page has one '# Verb-Noun' title; found another: '# "
                                + MarkdownText.InlineText(h.Inline) + "'");
                        }
                        else if (page.Sections.Count > 0)
                        {
                            src.Error(
                                h, "the '# Verb-Noun' title must come before the '##' sections");
                        }
                        else
                        {
                            page.Title = h;
                        }
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
                        {
                            src.Error(block, "content before the '# Verb-Noun' title");
                        }
                        else
                        {
                            src.Error(
                                block,
                                "content between the '# Verb-Noun' title and the first '##' "
                                + "section");
                        }
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
                    Subsections.Add(new Subsection
                    {
                        Title = MarkdownText.InlineText(h.Inline).Trim(),
                        Line = MarkdownSource.LineOf(h),
                    });
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
