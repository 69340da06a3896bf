using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;

namespace PostHogPersons.HelpBuilder
{
    /// <summary>
    /// Writes <see cref="HelpDocument"/>s as the MAML
    /// XML that Get-Help reads for a binary module.
    /// </summary>
    public static class MamlWriter
    {
        public const string MshNamespace = "http://msh";
        public const string MamlNamespace = "http://schemas.microsoft.com/maml/2004/10";
        public const string CommandNamespace =
            "http://schemas.microsoft.com/maml/dev/command/2004/10";
        public const string DevNamespace = "http://schemas.microsoft.com/maml/dev/2004/10";
        public const string MsHelpNamespace = "http://msdn.microsoft.com/mshelp";

        /// <summary>Writes the help file (UTF-8, no BOM).</summary>
        public static void WriteFile(string path, IEnumerable<HelpDocument> documents)
        {
            File.WriteAllText(path, ToXml(documents), new UTF8Encoding(false));
        }

        public static string ToXml(IEnumerable<HelpDocument> documents)
        {
            var settings = new XmlWriterSettings
            {
                Indent = true,
                IndentChars = "  ",
                NewLineChars = "\n",
                NewLineHandling = NewLineHandling.Replace,
                Encoding = new UTF8Encoding(false),
            };
            using (var stream = new MemoryStream())
            {
                using (XmlWriter w = XmlWriter.Create(stream, settings))
                {
                    w.WriteStartDocument();
                    w.WriteStartElement("helpItems", MshNamespace);
                    w.WriteAttributeString("schema", "maml");
                    foreach (HelpDocument doc in documents) WriteCommand(w, doc);
                    w.WriteEndElement();
                    w.WriteEndDocument();
                }
                return new UTF8Encoding(false).GetString(stream.ToArray()) + "\n";
            }
        }

        private static void WriteCommand(XmlWriter w, HelpDocument doc)
        {
            w.WriteStartElement("command", "command", CommandNamespace);
            w.WriteAttributeString("xmlns", "maml", null, MamlNamespace);
            w.WriteAttributeString("xmlns", "command", null, CommandNamespace);
            w.WriteAttributeString("xmlns", "dev", null, DevNamespace);
            w.WriteAttributeString("xmlns", "MSHelp", null, MsHelpNamespace);

            w.WriteStartElement("command", "details", CommandNamespace);
            Command(w, "name", doc.Name);
            Command(w, "verb", doc.Verb);
            Command(w, "noun", doc.Noun);
            Description(w, doc.SynopsisParagraphs);
            w.WriteEndElement();

            Description(w, doc.DescriptionParagraphs);
            WriteSyntax(w, doc);
            WriteParameters(w, doc);
            WriteTypes(w, "inputTypes", "inputType", doc.Inputs);
            WriteTypes(w, "returnValues", "returnValue", doc.Outputs);

            if (doc.NotesParagraphs.Count > 0)
            {
                w.WriteStartElement("maml", "alertSet", MamlNamespace);
                w.WriteStartElement("maml", "alert", MamlNamespace);
                Paras(w, doc.NotesParagraphs);
                w.WriteEndElement();
                w.WriteEndElement();
            }

            WriteExamples(w, doc);
            WriteLinks(w, doc);
            w.WriteEndElement();
        }

        private static void WriteSyntax(XmlWriter w, HelpDocument doc)
        {
            w.WriteStartElement("command", "syntax", CommandNamespace);
            foreach (HelpSyntax syntax in doc.Syntax)
            {
                w.WriteStartElement("command", "syntaxItem", CommandNamespace);
                Maml(w, "name", doc.Name);
                foreach (var (parameter, meta) in ParametersOf(doc, syntax))
                    WriteParameter(w, parameter, meta, inSyntax: true);
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }

        /// <summary>The parameters of one set, in the order the syntax line shows them.</summary>
        private static IEnumerable<(HelpParameter, HelpParameterMetadata)> ParametersOf(
            HelpDocument doc, HelpSyntax syntax)
        {
            bool single = doc.Syntax.Count == 1;
            var members = doc.Parameters
                .Select(p => (
                    p,
                    m: p.ForParameterSet(syntax.ParameterSetName)
                        ?? (single ? p.Metadata.FirstOrDefault() : null)))
                .Where(x => x.m != null)
                .ToList();
            int Order((HelpParameter p, HelpParameterMetadata m) x)
            {
                int i = syntax.ParameterNames.ToList().FindIndex(
                    n => string.Equals(n, x.p.Name, StringComparison.OrdinalIgnoreCase));
                return i < 0 ? int.MaxValue : i;
            }
            return members
                .OrderBy(Order)
                .ThenBy(x => doc.Parameters.ToList().IndexOf(x.p))
                .Select(x => (x.p, x.m));
        }

        private static void WriteParameters(XmlWriter w, HelpDocument doc)
        {
            w.WriteStartElement("command", "parameters", CommandNamespace);
            foreach (HelpParameter p in doc.Parameters)
            {
                HelpParameterMetadata meta = p.Metadata.FirstOrDefault();
                if (meta != null) WriteParameter(w, p, meta, inSyntax: false);
            }
            w.WriteEndElement();
        }

        private static void WriteParameter(
            XmlWriter w, HelpParameter p, HelpParameterMetadata meta, bool inSyntax)
        {
            string type = meta.Type ?? "Object";
            w.WriteStartElement("command", "parameter", CommandNamespace);
            w.WriteAttributeString("required", Bool(meta.Required));
            w.WriteAttributeString(
                "variableLength", Bool(type.EndsWith("[]", StringComparison.Ordinal)));
            w.WriteAttributeString("globbing", Bool(meta.Globbing));
            w.WriteAttributeString("pipelineInput", meta.PipelineInput ?? "False");
            w.WriteAttributeString(
                "position",
                meta.PositionIndex?.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    ?? "named");
            w.WriteAttributeString(
                "aliases", meta.Aliases.Count == 0 ? "none" : string.Join(", ", meta.Aliases));
            Maml(w, "name", p.Name);
            Description(w, p.DescriptionParagraphs);

            if (meta.AcceptedValues.Count > 0)
            {
                w.WriteStartElement("command", "parameterValueGroup", CommandNamespace);
                foreach (string value in meta.AcceptedValues)
                {
                    w.WriteStartElement("command", "parameterValue", CommandNamespace);
                    w.WriteAttributeString("required", "false");
                    w.WriteAttributeString("command", "variableLength", CommandNamespace, "false");
                    w.WriteString(value);
                    w.WriteEndElement();
                }
                w.WriteEndElement();
            }

            // In a syntax item a switch has no value ("[-Force]"); everywhere else the value
            // names the type.
            if (!(inSyntax && meta.IsSwitch))
            {
                w.WriteStartElement("command", "parameterValue", CommandNamespace);
                w.WriteAttributeString("required", Bool(!meta.IsSwitch));
                w.WriteAttributeString("variableLength", "false");
                w.WriteString(type);
                w.WriteEndElement();
            }

            w.WriteStartElement("dev", "type", DevNamespace);
            Maml(w, "name", type);
            Maml(w, "uri", string.Empty);
            w.WriteEndElement();
            w.WriteElementString(
                "dev",
                "defaultValue",
                DevNamespace,
                string.IsNullOrEmpty(meta.DefaultValue) ? "None" : meta.DefaultValue);
            w.WriteEndElement();
        }

        private static void WriteTypes(
            XmlWriter w, string listName, string itemName, IEnumerable<HelpTypeEntry> entries)
        {
            w.WriteStartElement("command", listName, CommandNamespace);
            foreach (HelpTypeEntry entry in entries)
            {
                w.WriteStartElement("command", itemName, CommandNamespace);
                w.WriteStartElement("dev", "type", DevNamespace);
                Maml(w, "name", entry.TypeName);
                w.WriteEndElement();
                Description(w, entry.DescriptionParagraphs);
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }

        private static void WriteExamples(XmlWriter w, HelpDocument doc)
        {
            w.WriteStartElement("command", "examples", CommandNamespace);
            foreach (HelpExample example in doc.Examples)
            {
                w.WriteStartElement("command", "example", CommandNamespace);
                Maml(w, "title", "---------- " + example.Title + " ----------");
                w.WriteElementString("dev", "code", DevNamespace, example.Code ?? string.Empty);
                w.WriteStartElement("dev", "remarks", DevNamespace);
                // The introduction (text before the code, PlatyPS 2.0) goes first: MAML's own
                // introduction element is printed as the prompt in front of the code.
                var remarks = example.IntroductionParagraphs
                    .Concat(example.RemarksParagraphs)
                    .ToList();
                Paras(w, remarks);
                // Get-Help leaves no line break after the last remark, so the next example's title
                // would follow it directly; a final empty para shows as the blank line between
                // examples.
                if (remarks.Count > 0) Maml(w, "para", string.Empty);
                w.WriteEndElement();
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }

        private static void WriteLinks(XmlWriter w, HelpDocument doc)
        {
            w.WriteStartElement("command", "relatedLinks", CommandNamespace);
            var links = new List<(string Text, string Uri)>();
            if (IsAbsoluteUri(doc.OnlineVersion) && !doc.Links.Any(l => l.Uri == doc.OnlineVersion))
                links.Add(("Online Version:", doc.OnlineVersion));
            // Relative links (other pages of these docs) mean nothing to Get-Help: keep their text
            // only.
            links.AddRange(
                doc.Links.Select(l => (l.Text, IsAbsoluteUri(l.Uri) ? l.Uri : string.Empty)));
            foreach (var (text, uri) in links)
            {
                w.WriteStartElement("maml", "navigationLink", MamlNamespace);
                Maml(w, "linkText", text);
                Maml(w, "uri", uri);
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }

        private static bool IsAbsoluteUri(string uri) =>
            !string.IsNullOrEmpty(uri)
            && Uri.TryCreate(uri, UriKind.Absolute, out Uri u)
            && (u.Scheme == "http" || u.Scheme == "https");

        private static void Description(XmlWriter w, IEnumerable<string> paragraphs)
        {
            w.WriteStartElement("maml", "description", MamlNamespace);
            Paras(w, paragraphs);
            w.WriteEndElement();
        }

        /// <summary>
        /// Writes maml:para elements. Get-Help trims each para, so an indented paragraph (a
        /// nested list item, a list item's second paragraph) is joined to the one before with a
        /// line break, after which its indentation survives. Get-Help ends every non-empty para
        /// but the last with a line break, and shows an empty para as one blank line; an empty
        /// para anywhere but at the end would shift which para counts as last, so none is written
        /// here.
        /// </summary>
        private static void Paras(XmlWriter w, IEnumerable<string> paragraphs)
        {
            var merged = new List<string>();
            foreach (string para in paragraphs.Where(p => !string.IsNullOrEmpty(p)))
            {
                if (merged.Count > 0 && para.StartsWith(" ", StringComparison.Ordinal))
                    merged[merged.Count - 1] += "\n" + para;
                else
                    merged.Add(para);
            }
            foreach (string para in merged) Maml(w, "para", para);
        }

        private static void Maml(XmlWriter w, string name, string value) =>
            w.WriteElementString("maml", name, MamlNamespace, value ?? string.Empty);

        private static void Command(XmlWriter w, string name, string value) =>
            w.WriteElementString("command", name, CommandNamespace, value ?? string.Empty);

        private static string Bool(bool b) => b ? "true" : "false";
    }
}
