using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Markdig.Syntax;

namespace PostHogPersons.HelpBuilder
{
    /// <summary>The ```yaml metadata block under each '### -Name' parameter.</summary>
    public static partial class HelpMarkdownParser
    {
        private static readonly string[] RequiredYamlKeys =
        {
            "Type", "Parameter Sets", "Required", "Position", "Default value",
            "Accept pipeline input", "Accept wildcard characters",
        };

        private static readonly string[] OptionalYamlKeys = { "Aliases", "Accepted values" };

        private static readonly Regex PipelineInputValue = new Regex(
            @"^(False|True \((ByValue|ByPropertyName"
            + @"|ByValue, ByPropertyName|ByPropertyName, ByValue)\))$",
            RegexOptions.Compiled | RegexOptions.IgnoreCase);

        private static HelpParameterMetadata ParseYaml(
            FencedCodeBlock code, MarkdownSource src, string title)
        {
            string owner = "parameter '" + title + "'";
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
                    src.Error(lineNo, owner + " yaml line is not 'Key: value': " + line);
                    continue;
                }
                string key = Regex.Replace(line.Substring(0, colon).Trim(), @"\s+", " ");
                string value = line.Substring(colon + 1).Trim();
                string known = RequiredYamlKeys.Concat(OptionalYamlKeys)
                    .FirstOrDefault(k => k.Equals(key, StringComparison.OrdinalIgnoreCase));
                if (known == null)
                {
                    src.Error(lineNo, owner + " has unknown yaml key '" + key + "'");
                    continue;
                }
                if (seen.ContainsKey(known))
                {
                    src.Error(lineNo, owner + " repeats yaml key '" + known + "'");
                    continue;
                }
                seen[known] = value;
                switch (known)
                {
                    case "Type":
                        meta.Type = value;
                        if (value.Length == 0) src.Error(lineNo, owner + " has an empty Type");
                        break;
                    case "Parameter Sets":
                        meta.ParameterSets = SplitList(value);
                        if (meta.ParameterSets.Count == 0)
                        {
                            src.Error(
                                lineNo, owner + " has an empty 'Parameter Sets' (use (All))");
                        }
                        break;
                    case "Aliases":
                        meta.Aliases = SplitList(value)
                            .Where(a => !a.Equals("None", StringComparison.OrdinalIgnoreCase))
                            .ToList();
                        break;
                    case "Accepted values":
                        meta.AcceptedValues = SplitList(value);
                        break;
                    case "Required":
                        meta.Required = ParseBool(value, lineNo, src, title, known);
                        break;
                    case "Position":
                        meta.Position = value;
                        if (!value.Equals("Named", StringComparison.OrdinalIgnoreCase)
                            && !int.TryParse(
                                value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                        {
                            src.Error(
                                lineNo,
                                owner + " Position must be Named or a number, not '" + value + "'");
                        }
                        break;
                    case "Default value":
                        meta.DefaultValue = value;
                        break;
                    case "Accept pipeline input":
                        meta.PipelineInput = value;
                        if (!PipelineInputValue.IsMatch(value))
                        {
                            src.Error(
                                lineNo,
                                owner + " 'Accept pipeline input' must be False or True "
                                + "(ByValue[, ByPropertyName]), not '" + value + "'");
                        }
                        break;
                    case "Accept wildcard characters":
                        meta.Globbing = ParseBool(value, lineNo, src, title, known);
                        break;
                }
            }
            foreach (string key in RequiredYamlKeys)
            {
                if (!seen.ContainsKey(key))
                    src.Error(meta.Line, owner + " yaml block lacks '" + key + ":'");
            }
            return meta;
        }

        private static bool ParseBool(
            string value, int line, MarkdownSource src, string title, string key)
        {
            if (value.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
            if (value.Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
            src.Error(
                line,
                "parameter '" + title + "' '" + key + "' must be True or False, not '"
                + value + "'");
            return false;
        }

        private static List<string> SplitList(string value) =>
            value.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
    }
}
