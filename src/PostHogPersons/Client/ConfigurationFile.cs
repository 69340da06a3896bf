using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;
using PostHogPersons.Models;

namespace PostHogPersons.Client
{
    /// <summary>
    /// One configurable number: its name, its allowed range and how to read and set it.
    /// </summary>
    internal sealed class ConfigurationSetting
    {
        public ConfigurationSetting(string name, double minimum, double maximum, bool whole,
            Func<PHConfiguration, double> get, Action<PHConfiguration, double> set)
        {
            Name = name;
            Minimum = minimum;
            Maximum = maximum;
            IsWholeNumber = whole;
            Get = get;
            Set = set;
        }

        public string Name { get; }

        public double Minimum { get; }

        public double Maximum { get; }

        public bool IsWholeNumber { get; }

        public Func<PHConfiguration, double> Get { get; }

        public Action<PHConfiguration, double> Set { get; }

        public bool Allows(double value) =>
            value >= Minimum && value <= Maximum && (!IsWholeNumber || Math.Floor(value) == value);
    }

    /// <summary>
    /// The per-user configuration file: where it lives, how it is read (bad values fall
    /// back to the defaults with a note) and how changes are merged into it. The file holds
    /// only the values a user saved, never a key or any other secret.
    /// </summary>
    internal static class ConfigurationFile
    {
        /// <summary>Overrides the file's location (tests, portable setups).</summary>
        public const string PathVariable = "POSTHOGPERSONS_CONFIG_PATH";

        /// <summary>Every setting, in the order they are shown and saved.</summary>
        public static readonly IReadOnlyList<ConfigurationSetting> Settings = new[]
        {
            Whole("PageSize", 1, PHConfiguration.MaximumPageSize,
                c => c.PageSize, (c, v) => c.PageSize = v),
            Whole("MaximumRetryCount", 0, 100,
                c => c.MaximumRetryCount, (c, v) => c.MaximumRetryCount = v),
            new ConfigurationSetting("RetryIntervalSec", 0, 3600, false,
                c => c.RetryIntervalSec, (c, v) => c.RetryIntervalSec = v),
            Whole("TimeoutSec", 1, 86400, c => c.TimeoutSec, (c, v) => c.TimeoutSec = v),
            Whole("ThrottleLimit", 1, 64, c => c.ThrottleLimit, (c, v) => c.ThrottleLimit = v),
            Whole("PersonsReadPerMinute", 1, 100000,
                c => c.PersonsReadPerMinute, (c, v) => c.PersonsReadPerMinute = v),
            Whole("PersonsDeletePerMinute", 1, 100000,
                c => c.PersonsDeletePerMinute, (c, v) => c.PersonsDeletePerMinute = v),
            Whole("PersonsDeletePerHour", 1, 1000000,
                c => c.PersonsDeletePerHour, (c, v) => c.PersonsDeletePerHour = v),
            Whole("QueryPerMinute", 1, 100000,
                c => c.QueryPerMinute, (c, v) => c.QueryPerMinute = v),
            Whole("QueryPerHour", 1, 1000000, c => c.QueryPerHour, (c, v) => c.QueryPerHour = v),
            Whole("QueryConcurrency", 1, 100,
                c => c.QueryConcurrency, (c, v) => c.QueryConcurrency = v),
        };

        /// <summary>
        /// The file's path: POSTHOGPERSONS_CONFIG_PATH when set; else
        /// %APPDATA%\PostHogPersons\config.json on Windows and
        /// $XDG_CONFIG_HOME (or ~/.config)/PostHogPersons/config.json elsewhere.
        /// </summary>
        public static string Path
        {
            get
            {
                string overridden = Environment.GetEnvironmentVariable(PathVariable);
                if (!string.IsNullOrWhiteSpace(overridden))
                {
                    return System.IO.Path.GetFullPath(overridden.Trim());
                }

                string folder;
                if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                {
                    folder = Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData);
                }
                else
                {
                    folder = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
                    if (string.IsNullOrWhiteSpace(folder) || !System.IO.Path.IsPathRooted(folder))
                    {
                        string home =
                            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
                        folder = System.IO.Path.Combine(home, ".config");
                    }
                }

                return System.IO.Path.Combine(folder, "PostHogPersons", "config.json");
            }
        }

        /// <summary>The setting called <paramref name="name"/> (any case), or null.</summary>
        public static ConfigurationSetting Find(string name) =>
            Settings.FirstOrDefault(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

        /// <summary>
        /// The defaults overlaid with the file at <paramref name="path"/>. A missing file is
        /// not a problem; an unreadable file or a bad value is skipped and described in
        /// <paramref name="problem"/>. Names the module does not know are ignored.
        /// </summary>
        public static PHConfiguration Load(string path, out string problem)
        {
            var configuration = new PHConfiguration();
            problem = null;
            if (!File.Exists(path))
            {
                return configuration;
            }

            var notes = new List<string>();
            try
            {
                using (JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path)))
                {
                    if (document.RootElement.ValueKind != JsonValueKind.Object)
                    {
                        throw new JsonException("The file does not hold a JSON object.");
                    }

                    foreach (JsonProperty entry in document.RootElement.EnumerateObject())
                    {
                        ConfigurationSetting setting = Find(entry.Name);
                        if (setting == null)
                        {
                            continue;
                        }

                        if (entry.Value.ValueKind == JsonValueKind.Number
                            && entry.Value.TryGetDouble(out double value) && setting.Allows(value))
                        {
                            setting.Set(configuration, value);
                        }
                        else
                        {
                            notes.Add($"'{setting.Name}' must be {Describe(setting)}, not "
                                + $"{entry.Value.GetRawText()}; the default "
                                + $"{Format(setting.Get(configuration))} is used.");
                        }
                    }
                }
            }
            catch (Exception error) when (error is JsonException || error is IOException
                || error is UnauthorizedAccessException)
            {
                problem = $"The configuration file '{path}' could not be read ({error.Message}); "
                    + "the defaults are used.";
                return new PHConfiguration();
            }

            if (notes.Count > 0)
            {
                problem = $"In the configuration file '{path}': " + string.Join(" ", notes);
            }

            return configuration;
        }

        /// <summary>
        /// Writes <paramref name="changes"/> into the file at <paramref name="path"/>, keeping
        /// what it already holds (also names this version does not know), creating it and
        /// its folder when missing. The file is replaced in one step.
        /// </summary>
        /// <exception cref="InvalidDataException">
        /// The existing file is not a JSON object.
        /// </exception>
        public static void Save(
            string path, IEnumerable<KeyValuePair<ConfigurationSetting, double>> changes)
        {
            var entries = new List<KeyValuePair<string, object>>();
            if (File.Exists(path))
            {
                try
                {
                    using (JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path)))
                    {
                        if (document.RootElement.ValueKind != JsonValueKind.Object)
                        {
                            throw new JsonException("The file does not hold a JSON object.");
                        }

                        foreach (JsonProperty entry in document.RootElement.EnumerateObject())
                        {
                            entries.Add(new KeyValuePair<string, object>(
                                entry.Name, entry.Value.Clone()));
                        }
                    }
                }
                catch (JsonException error)
                {
                    throw new InvalidDataException(
                        $"The configuration file '{path}' is not a JSON object ({error.Message}). "
                        + "Fix or delete it, then save again.", error);
                }
            }

            foreach (KeyValuePair<ConfigurationSetting, double> change in changes)
            {
                int at = entries.FindIndex(
                    e => e.Key.Equals(change.Key.Name, StringComparison.OrdinalIgnoreCase));
                var entry = new KeyValuePair<string, object>(change.Key.Name, change.Value);
                if (at >= 0)
                {
                    entries[at] = entry;
                }
                else
                {
                    entries.Add(entry);
                }
            }

            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path));
            string temporary = path + ".tmp";
            using (FileStream stream = File.Create(temporary))
            using (var writer =
                new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                writer.WriteStartObject();
                foreach (KeyValuePair<string, object> entry in entries)
                {
                    writer.WritePropertyName(entry.Key);
                    if (entry.Value is JsonElement kept)
                    {
                        kept.WriteTo(writer);
                    }
                    else
                    {
                        writer.WriteNumberValue((double)entry.Value);
                    }
                }

                writer.WriteEndObject();
            }

            if (File.Exists(path))
            {
                File.Replace(temporary, path, null);
            }
            else
            {
                File.Move(temporary, path);
            }
        }

        /// <summary>The allowed values in words, for messages.</summary>
        public static string Describe(ConfigurationSetting setting) =>
            (setting.IsWholeNumber ? "a whole number" : "a number")
            + $" from {Format(setting.Minimum)} to {Format(setting.Maximum)}";

        private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);

        private static ConfigurationSetting Whole(string name, int minimum, int maximum,
            Func<PHConfiguration, int> get, Action<PHConfiguration, int> set)
        {
            return new ConfigurationSetting(name, minimum, maximum, true,
                c => get(c), (c, v) => set(c, (int)v));
        }
    }
}
