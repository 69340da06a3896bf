using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace PostHogPersons.HelpBuilder
{
    /// <summary>A "### -Name" entry of "## PARAMETERS".</summary>
    /// <remarks>
    /// The flat members (Type, Required, Position, ...) come from the first yaml block; when a
    /// parameter differs between parameter sets each yaml block is in <see cref="Metadata"/>,
    /// and <see cref="ParameterSets"/> is the union of all blocks.
    /// </remarks>
    public sealed class HelpParameter
    {
        /// <summary>Name without the leading '-'.</summary>
        public string Name { get; internal set; }

        public IReadOnlyList<string> DescriptionParagraphs { get; internal set; } =
            Array.Empty<string>();

        public string Description => HelpText.Join(DescriptionParagraphs);

        /// <summary>
        /// One entry per ```yaml block, in document order (never empty for a parsed page).
        /// </summary>
        public IReadOnlyList<HelpParameterMetadata> Metadata { get; internal set; } =
            Array.Empty<HelpParameterMetadata>();

        public int Line { get; internal set; }

        private HelpParameterMetadata First => Metadata.Count > 0 ? Metadata[0] : null;

        public string Type => First?.Type;

        /// <summary>
        /// Union of the sets named by all yaml blocks;
        /// contains "(All)" when any block says so.
        /// </summary>
        public IReadOnlyList<string> ParameterSets =>
            Metadata.SelectMany(m => m.ParameterSets)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList();

        public bool AppliesToAllParameterSets => Metadata.Any(m => m.AppliesToAllParameterSets);

        public IReadOnlyList<string> Aliases => First?.Aliases ?? Array.Empty<string>();

        public IReadOnlyList<string> AcceptedValues =>
            First?.AcceptedValues ?? Array.Empty<string>();

        public bool Required => First != null && First.Required;

        /// <summary>"Named" or a number, as written.</summary>
        public string Position => First?.Position;

        public string DefaultValue => First?.DefaultValue;

        /// <summary>As written, e.g. "True (ByValue, ByPropertyName)" or "False".</summary>
        public string PipelineInput => First?.PipelineInput;

        public bool Globbing => First != null && First.Globbing;

        public bool IsSwitch => First != null && First.IsSwitch;

        /// <summary>
        /// The yaml block that applies to <paramref name="parameterSetName"/>, or null.
        /// </summary>
        public HelpParameterMetadata ForParameterSet(string parameterSetName) =>
            Metadata.FirstOrDefault(m => m.ParameterSets.Any(
                s => string.Equals(s, parameterSetName, StringComparison.OrdinalIgnoreCase)))
            ?? Metadata.FirstOrDefault(m => m.AppliesToAllParameterSets);

        public override string ToString() => "-" + Name;
    }

    /// <summary>One ```yaml metadata block of a parameter.</summary>
    public sealed class HelpParameterMetadata
    {
        public string Type { get; internal set; }

        /// <summary>Set names as written; ["(All)"] for all parameter sets.</summary>
        public IReadOnlyList<string> ParameterSets { get; internal set; } = Array.Empty<string>();

        public bool AppliesToAllParameterSets =>
            ParameterSets.Any(
                s => s.Equals("(All)", StringComparison.OrdinalIgnoreCase)
                    || s.Equals("__AllParameterSets", StringComparison.OrdinalIgnoreCase));

        public IReadOnlyList<string> Aliases { get; internal set; } = Array.Empty<string>();

        public IReadOnlyList<string> AcceptedValues { get; internal set; } = Array.Empty<string>();

        public bool Required { get; internal set; }

        /// <summary>"Named" or a number, as written.</summary>
        public string Position { get; internal set; }

        /// <summary>The position as a number, or null when named.</summary>
        public int? PositionIndex =>
            int.TryParse(Position, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i)
                ? i
                : (int?)null;

        public string DefaultValue { get; internal set; }

        public string PipelineInput { get; internal set; }

        public bool AcceptsPipelineInput =>
            PipelineInput != null
            && PipelineInput.StartsWith("True", StringComparison.OrdinalIgnoreCase);

        public bool AcceptsPipelineByValue =>
            AcceptsPipelineInput
            && PipelineInput.IndexOf("ByValue", StringComparison.OrdinalIgnoreCase) >= 0;

        public bool AcceptsPipelineByPropertyName =>
            AcceptsPipelineInput
            && PipelineInput.IndexOf("ByPropertyName", StringComparison.OrdinalIgnoreCase) >= 0;

        public bool Globbing { get; internal set; }

        public bool IsSwitch =>
            Type != null
            && (Type.Equals("SwitchParameter", StringComparison.OrdinalIgnoreCase)
                || Type.Equals(
                    "System.Management.Automation.SwitchParameter",
                    StringComparison.OrdinalIgnoreCase)
                || Type.Equals("switch", StringComparison.OrdinalIgnoreCase));

        public int Line { get; internal set; }
    }
}
