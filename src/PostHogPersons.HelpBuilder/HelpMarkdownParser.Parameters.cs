using System;
using System.Collections.Generic;
using System.Linq;
using Markdig.Syntax;

namespace PostHogPersons.HelpBuilder
{
    /// <summary>The '## PARAMETERS' section and its agreement with '## SYNTAX'.</summary>
    public static partial class HelpMarkdownParser
    {
        private static List<HelpParameter> ParseParameters(
            Section section, MarkdownSource src, HelpDocument doc)
        {
            var result = new List<HelpParameter>();
            if (section == null) return result;
            if (section.Preamble.Any())
            {
                src.Error(
                    section.Preamble.First(),
                    "text in '## PARAMETERS' must follow a '### -Name' heading");
            }

            foreach (Subsection sub in section.Subsections)
            {
                string title = sub.Title.Trim();
                string bare = title.Trim('<', '>');
                if (bare.Equals("CommonParameters", StringComparison.OrdinalIgnoreCase))
                {
                    doc.HasCommonParameters = true;
                    continue;
                }
                if (bare.Equals("WorkflowCommonParameters", StringComparison.OrdinalIgnoreCase))
                    continue;
                if (!title.StartsWith("-", StringComparison.Ordinal)
                    || title.Length < 2
                    || title.Contains(" "))
                {
                    src.Error(
                        sub.Line,
                        "parameter heading '### " + title
                        + "' must be '### -Name' or '### CommonParameters'");
                    continue;
                }

                var parameter = new HelpParameter { Name = title.Substring(1), Line = sub.Line };
                bool duplicate = result.Any(p => string.Equals(
                    p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));
                if (duplicate)
                    src.Error(sub.Line, "duplicate parameter '### " + title + "'");

                var descriptionBlocks = new List<Block>();
                var metadata = new List<HelpParameterMetadata>();
                foreach (Block block in sub.Blocks)
                {
                    if (block is FencedCodeBlock code
                        && string.Equals(code.Info, "yaml", StringComparison.OrdinalIgnoreCase))
                    {
                        metadata.Add(ParseYaml(code, src, title));
                    }
                    else
                    {
                        descriptionBlocks.Add(block);
                    }
                }
                parameter.DescriptionParagraphs =
                    MarkdownText.ToParagraphs(descriptionBlocks, src);
                parameter.Metadata = metadata;
                if (parameter.DescriptionParagraphs.Count == 0)
                    src.Error(sub.Line, "parameter '### " + title + "' has no description");
                if (metadata.Count == 0)
                {
                    src.Error(
                        sub.Line, "parameter '### " + title + "' has no ```yaml metadata block");
                }

                CheckParameterSets(parameter, doc, src);
                result.Add(parameter);
            }
            return result;
        }

        private static void CheckParameterSets(
            HelpParameter parameter, HelpDocument doc, MarkdownSource src)
        {
            string name = "parameter '-" + parameter.Name + "'";
            var covered = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (HelpParameterMetadata meta in parameter.Metadata)
            {
                if (meta.AppliesToAllParameterSets)
                {
                    if (parameter.Metadata.Count > 1)
                    {
                        src.Error(
                            meta.Line, name + " has several yaml blocks, so none may say (All)");
                    }
                    continue;
                }
                foreach (string set in meta.ParameterSets)
                {
                    bool unknownSet = doc.Syntax.Count > 0
                        && !doc.Syntax.Any(s => string.Equals(
                            s.ParameterSetName, set, StringComparison.OrdinalIgnoreCase));
                    if (unknownSet)
                    {
                        src.Error(
                            meta.Line,
                            name + " names parameter set '" + set
                            + "', which '## SYNTAX' does not have");
                    }
                    if (!covered.Add(set))
                    {
                        src.Error(
                            meta.Line, name + " describes parameter set '" + set + "' twice");
                    }
                }
            }
        }

        private static void CheckSyntaxAgainstParameters(HelpDocument doc, MarkdownSource src)
        {
            foreach (HelpSyntax syntax in doc.Syntax)
            {
                string set = syntax.ParameterSetName;
                foreach (string name in syntax.ParameterNames)
                {
                    HelpParameter p = doc.GetParameter(name);
                    if (p == null)
                    {
                        src.Error(
                            syntax.Line,
                            "syntax '" + set + "' mentions -" + name + ", which has no '### -"
                            + name + "' in '## PARAMETERS'");
                    }
                    else if (p.Metadata.Count > 0
                        && p.ForParameterSet(set) == null
                        && doc.Syntax.Count > 1)
                    {
                        src.Error(
                            syntax.Line,
                            "syntax '" + set + "' mentions -" + name
                            + ", but its yaml 'Parameter Sets' do not include that set");
                    }
                }
                foreach (HelpParameter p in doc.Parameters)
                {
                    bool inSet = p.Metadata.Count > 0
                        && (doc.Syntax.Count == 1 || p.ForParameterSet(set) != null);
                    bool mentioned =
                        syntax.ParameterNames.Contains(p.Name, StringComparer.OrdinalIgnoreCase);
                    if (inSet && !mentioned)
                    {
                        src.Error(
                            syntax.Line,
                            "syntax '" + set + "' does not mention -" + p.Name
                            + ", whose yaml puts it in that set");
                    }
                }
            }
        }
    }
}
