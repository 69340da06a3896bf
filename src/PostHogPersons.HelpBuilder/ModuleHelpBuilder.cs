using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace PostHogPersons.HelpBuilder
{
    /// <summary>
    /// What <see cref="ModuleHelpBuilder.Build"/> read, wrote, skipped and found wrong.
    /// </summary>
    public sealed class HelpBuildResult
    {
        public List<HelpDocument> Commands { get; } = new List<HelpDocument>();

        public List<AboutDocument> AboutTopics { get; } = new List<AboutDocument>();

        public List<HelpSchemaError> Errors { get; } = new List<HelpSchemaError>();

        /// <summary>Markdown files left out, with the reason.</summary>
        public List<string> Skipped { get; } = new List<string>();

        public List<string> WrittenFiles { get; } = new List<string>();

        public bool Succeeded => Errors.Count == 0;
    }

    /// <summary>Reads a docs folder and writes the module's MAML help and about topics.</summary>
    public static class ModuleHelpBuilder
    {
        /// <summary>
        /// Parses every docs/*.md; when no file violates the schema, writes the help files
        /// to <paramref name="outFolder"/>.
        /// </summary>
        public static HelpBuildResult Build(string docsFolder, string outFolder, string moduleName)
        {
            HelpBuildResult result = Read(docsFolder, moduleName);
            if (!result.Succeeded) return result;

            Directory.CreateDirectory(outFolder);
            string mamlPath = Path.Combine(outFolder, HelpFileName(moduleName));
            MamlWriter.WriteFile(mamlPath, result.Commands);
            result.WrittenFiles.Add(mamlPath);
            foreach (AboutDocument about in result.AboutTopics)
            {
                string path = Path.Combine(outFolder, about.Name + ".help.txt");
                AboutTopicWriter.WriteFile(path, about);
                result.WrittenFiles.Add(path);
            }
            return result;
        }

        /// <summary>Parses the docs folder without writing anything.</summary>
        public static HelpBuildResult Read(string docsFolder, string moduleName)
        {
            var result = new HelpBuildResult();
            string helpFile = HelpFileName(moduleName);
            var files = Directory.GetFiles(docsFolder, "*.md")
                .OrderBy(f => Path.GetFileName(f), StringComparer.OrdinalIgnoreCase);
            foreach (string file in files)
            {
                string name = Path.GetFileName(file);
                if (name.StartsWith("about_", StringComparison.OrdinalIgnoreCase))
                {
                    AboutDocument about = AboutMarkdownParser.Parse(file, result.Errors);
                    if (about.Name != null) result.AboutTopics.Add(about);
                    continue;
                }
                if (name.Equals("README.md", StringComparison.OrdinalIgnoreCase))
                {
                    result.Skipped.Add(file + ": README");
                    continue;
                }
                var fileErrors = new List<HelpSchemaError>();
                HelpDocument doc = HelpMarkdownParser.Parse(file, fileErrors);
                if (doc.FrontMatter.ContainsKey("Module Guid")
                    || doc.FrontMatter.ContainsKey("Download Help Link"))
                {
                    result.Skipped.Add(file + ": PlatyPS module page");
                    continue;
                }
                if (doc.ExternalHelpFile != null
                    && !doc.ExternalHelpFile.Equals(helpFile, StringComparison.OrdinalIgnoreCase))
                {
                    result.Skipped.Add(
                        file + ": external help file is " + doc.ExternalHelpFile
                        + ", not " + helpFile);
                    continue;
                }
                result.Errors.AddRange(fileErrors);
                if (doc.ModuleName != null
                    && !doc.ModuleName.Equals(moduleName, StringComparison.OrdinalIgnoreCase))
                {
                    result.Errors.Add(new HelpSchemaError(
                        file,
                        1,
                        "front matter 'Module Name: " + doc.ModuleName + "' is not " + moduleName));
                }
                if (doc.Name == null) continue;
                HelpDocument same = result.Commands.FirstOrDefault(
                    c => string.Equals(c.Name, doc.Name, StringComparison.OrdinalIgnoreCase));
                if (same != null)
                {
                    result.Errors.Add(new HelpSchemaError(
                        file,
                        1,
                        "command '" + doc.Name + "' is also documented in " + same.SourcePath));
                }
                else
                {
                    result.Commands.Add(doc);
                }
            }
            var repeatedTopics = result.AboutTopics
                .GroupBy(a => a.Name, StringComparer.OrdinalIgnoreCase)
                .Where(g => g.Count() > 1);
            foreach (var group in repeatedTopics)
            {
                result.Errors.Add(new HelpSchemaError(
                    group.Last().SourcePath,
                    1,
                    "about topic '" + group.Key + "' is also in " + group.First().SourcePath));
            }
            return result;
        }

        public static string HelpFileName(string moduleName) => moduleName + ".dll-Help.xml";
    }

    /// <summary>The command line: --docs DIR --out DIR --module NAME.</summary>
    public static class HelpBuildCommand
    {
        public const string Usage =
            "usage: dotnet PostHogPersons.HelpBuilder.dll --docs <docsFolder> --out <folder> "
            + "--module <ModuleName>";

        /// <summary>
        /// Returns 0 on success, 1 when a doc violates the
        /// schema, 2 on bad arguments or an I/O failure.
        /// </summary>
        public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
        {
            string docs = null, output = null, module = null;
            for (int i = 0; i < args.Length; i++)
            {
                string arg = args[i];
                if (arg == "-h" || arg == "--help" || arg == "-?")
                {
                    stdout.WriteLine(Usage);
                    return 0;
                }
                if (i + 1 >= args.Length || !arg.StartsWith("--", StringComparison.Ordinal))
                {
                    stderr.WriteLine("error: unexpected argument '" + arg + "'");
                    stderr.WriteLine(Usage);
                    return 2;
                }
                string value = args[++i];
                switch (arg.ToLowerInvariant())
                {
                    case "--docs": docs = value; break;
                    case "--out": output = value; break;
                    case "--module": module = value; break;
                    default:
                        stderr.WriteLine("error: unknown option '" + arg + "'");
                        stderr.WriteLine(Usage);
                        return 2;
                }
            }
            if (docs == null || output == null || module == null)
            {
                stderr.WriteLine("error: --docs, --out and --module are all required");
                stderr.WriteLine(Usage);
                return 2;
            }
            if (!Directory.Exists(docs))
            {
                stderr.WriteLine("error: docs folder '" + docs + "' does not exist");
                return 2;
            }

            HelpBuildResult result;
            try
            {
                result = ModuleHelpBuilder.Build(docs, output, module);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                stderr.WriteLine("error: " + e.Message);
                return 2;
            }
            foreach (string skipped in result.Skipped) stdout.WriteLine("skipped " + skipped);
            if (!result.Succeeded)
            {
                var errors = result.Errors
                    .OrderBy(e => e.File, StringComparer.Ordinal)
                    .ThenBy(e => e.Line);
                foreach (HelpSchemaError error in errors)
                    stderr.WriteLine(error);
                stderr.WriteLine(result.Errors.Count + " help schema error(s); nothing written.");
                return 1;
            }
            foreach (string file in result.WrittenFiles) stdout.WriteLine("wrote " + file);
            stdout.WriteLine(
                result.Commands.Count + " command(s), "
                + result.AboutTopics.Count + " about topic(s).");
            return 0;
        }
    }
}
