using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;

namespace PostHogPersons.HelpBuilder
{
    /// <summary>
    /// A markdown file read into Markdig blocks, with its front matter and source text.
    /// </summary>
    internal sealed class MarkdownSource
    {
        private static readonly MarkdownPipeline Pipeline =
            new MarkdownPipelineBuilder().UseYamlFrontMatter().UsePipeTables().Build();

        private static readonly Regex Placeholder = new Regex(
            @"\{\{\s*(Fill|Add|Insert|Update|Enter)\b[^}]*\}\}",
            RegexOptions.Compiled | RegexOptions.IgnoreCase);

        public MarkdownSource(string path, string text, ICollection<HelpSchemaError> errors)
        {
            Path = path;
            Text = (text ?? string.Empty).Replace("\r\n", "\n").Replace('\r', '\n');
            if (Text.Length > 0 && Text[0] == '\uFEFF') Text = Text.Substring(1);
            Errors = errors;
            FrontMatter = ReadFrontMatter();
            Document = Markdown.Parse(Text, Pipeline);
            CheckPlaceholders();
        }

        public string Path { get; }

        public string Text { get; }

        public MarkdownDocument Document { get; }

        public Dictionary<string, string> FrontMatter { get; }

        public int FrontMatterLine { get; private set; } = 1;

        public ICollection<HelpSchemaError> Errors { get; }

        /// <summary>
        /// Top-level blocks, front matter and link reference definitions excluded.
        /// </summary>
        public IEnumerable<Block> Blocks =>
            Document.Where(b => !(b is YamlFrontMatterBlock)
                && !(b is LinkReferenceDefinitionGroup)
                && !(b is BlankLineBlock));

        public void Error(int line, string message) =>
            Errors.Add(new HelpSchemaError(Path, line, message));

        public void Error(MarkdownObject at, string message) => Error(LineOf(at), message);

        public static int LineOf(MarkdownObject o) => o == null ? 1 : o.Line + 1;

        private Dictionary<string, string> ReadFrontMatter()
        {
            var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (!Text.StartsWith("---\n", StringComparison.Ordinal)) return result;
            string[] lines = Text.Split('\n');
            for (int i = 1; i < lines.Length; i++)
            {
                string line = lines[i].TrimEnd();
                if (line == "---" || line == "...") return result;
                if (line.Trim().Length == 0
                    || line.TrimStart().StartsWith("#", StringComparison.Ordinal))
                {
                    continue;
                }
                int colon = line.IndexOf(':');
                if (colon <= 0)
                {
                    Error(i + 1, "front matter line is not 'key: value': " + line.Trim());
                    continue;
                }
                string key = line.Substring(0, colon).Trim();
                result[key] = Unquote(line.Substring(colon + 1).Trim());
            }
            Error(1, "front matter starting with '---' is not closed by a '---' line");
            return result;
        }

        private static string Unquote(string v)
        {
            if (v.Length >= 2
                && ((v[0] == '\'' && v[v.Length - 1] == '\'')
                    || (v[0] == '"' && v[v.Length - 1] == '"')))
            {
                return v.Substring(1, v.Length - 2);
            }
            return v;
        }

        /// <summary>
        /// Flags PlatyPS stub text such as "{{ Fill in the
        /// Synopsis }}" (outside code blocks other than yaml).
        /// </summary>
        private void CheckPlaceholders()
        {
            var skip = new HashSet<int>();
            foreach (var code in Document.Descendants<FencedCodeBlock>())
            {
                if (string.Equals(code.Info, "yaml", StringComparison.OrdinalIgnoreCase)) continue;
                int first = code.Line, last = first + code.Lines.Count + 1;
                for (int l = first; l <= last; l++) skip.Add(l);
            }
            string[] lines = Text.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                if (skip.Contains(i)) continue;
                Match m = Placeholder.Match(lines[i]);
                if (m.Success) Error(i + 1, "unfilled PlatyPS placeholder " + m.Value);
            }
        }

        /// <summary>The source lines a block spans, right-trimmed.</summary>
        public string SourceOf(Block block)
        {
            int start = Math.Max(0, block.Span.Start);
            int end = Math.Min(Text.Length - 1, block.Span.End);
            if (end < start) return string.Empty;
            string raw = Text.Substring(start, end - start + 1);
            return string.Join("\n", raw.Split('\n').Select(l => l.TrimEnd())).Trim('\n');
        }
    }
}
