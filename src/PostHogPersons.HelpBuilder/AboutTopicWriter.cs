using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace PostHogPersons.HelpBuilder
{
    /// <summary>
    /// Writes an <see cref="AboutDocument"/> in the plain-text about_*.help.txt layout Get-Help
    /// shows: upper-case section titles at column 0 (sub-sections at column 4), text indented 4
    /// spaces and wrapped at <see cref="Width"/> columns, list items with a hanging indent, code
    /// blocks indented a further 4 spaces and tables kept verbatim (neither wrapped).
    /// </summary>
    public static class AboutTopicWriter
    {
        public const int Width = 80;
        private const int BodyIndent = 4;

        /// <summary>
        /// Writes the file as UTF-8 with a BOM, so Windows
        /// PowerShell 5.1 reads non-ASCII text right too.
        /// </summary>
        public static void WriteFile(string path, AboutDocument doc)
        {
            File.WriteAllText(path, ToText(doc), new UTF8Encoding(true));
        }

        public static string ToText(AboutDocument doc)
        {
            var lines = new List<string> { "TOPIC", Indent(BodyIndent) + doc.Name, string.Empty };
            foreach (AboutSection section in doc.Sections)
            {
                string title = section.Title.ToUpperInvariant();
                if (section.Level <= 2)
                {
                    lines.Add(title);
                }
                else
                {
                    lines.Add(Indent(BodyIndent) + title);
                    lines.Add(string.Empty);
                }
                bool firstBlock = true;
                foreach (HelpTextBlock block in section.Blocks)
                {
                    if (!firstBlock && !block.FollowsWithoutGap) lines.Add(string.Empty);
                    firstBlock = false;
                    lines.AddRange(Render(block));
                }
                lines.Add(string.Empty);
            }
            while (lines.Count > 0 && lines[lines.Count - 1].Length == 0)
                lines.RemoveAt(lines.Count - 1);
            return string.Join("\n", lines) + "\n";
        }

        private static IEnumerable<string> Render(HelpTextBlock block)
        {
            int listIndent = block.ListDepth == 0 ? 0 : 2 * (block.ListDepth - 1);
            switch (block.Kind)
            {
                case HelpTextBlockKind.Code:
                    string codeIndent = Indent(BodyIndent + 4 + 2 * block.ListDepth);
                    return block.Text.Split('\n').Select(l => l.Length == 0 ? l : codeIndent + l);
                case HelpTextBlockKind.Preformatted:
                    string tableIndent = Indent(BodyIndent + 2 * block.ListDepth);
                    return block.Text.Split('\n').Select(l => l.Length == 0 ? l : tableIndent + l);
                default:
                    int start = BodyIndent + listIndent;
                    if (block.ListDepth > 0 && block.Marker.Length == 0) start += 2;
                    return Wrap(block.Text, start, block.Marker);
            }
        }

        /// <summary>
        /// Wraps each line of <paramref name="text"/>
        /// to <see cref="Width"/>; the marker hangs.
        /// </summary>
        internal static IEnumerable<string> Wrap(string text, int indent, string marker)
        {
            var result = new List<string>();
            string firstPrefix = Indent(indent) + marker;
            string nextPrefix = Indent(indent + marker.Length);
            bool first = true;
            foreach (string hardLine in text.Split('\n'))
            {
                var line = new StringBuilder(first ? firstPrefix : nextPrefix);
                int prefixLength = line.Length;
                first = false;
                foreach (string word in hardLine.Split(' ').Where(w => w.Length > 0))
                {
                    if (line.Length > prefixLength && line.Length + 1 + word.Length > Width)
                    {
                        result.Add(line.ToString());
                        line.Clear().Append(nextPrefix);
                    }
                    if (line.Length > prefixLength) line.Append(' ');
                    line.Append(word);
                }
                result.Add(line.ToString().TrimEnd());
            }
            return result;
        }

        private static string Indent(int n) => new string(' ', Math.Max(0, n));
    }
}
