using System;
using System.Collections.ObjectModel;

namespace PostHogPersons.Models
{
    /// <summary>
    /// How a person's properties looked at its events in a date range: one point each time
    /// a crucial property (one the filters or breakdown use) changed.
    /// </summary>
    public sealed class PHPropertyTimeline
    {
        /// <summary>The person's UUID, when it was asked for by UUID.</summary>
        public string Uuid { get; set; }

        /// <summary>The person's integer id, when it was asked for by id.</summary>
        public long? Id { get; set; }

        /// <summary>The points, oldest first.</summary>
        public ReadOnlyCollection<PHPropertyTimelinePoint> Points { get; set; }

        /// <summary>The person properties whose changes start a new point.</summary>
        public PHStringList CrucialPropertyKeys { get; set; }

        /// <summary>The start of the range PostHog looked at.</summary>
        public DateTimeOffset? EffectiveDateFrom { get; set; }

        /// <summary>The end of the range PostHog looked at.</summary>
        public DateTimeOffset? EffectiveDateTo { get; set; }

        /// <summary>The project the timeline was read from.</summary>
        public long ProjectId { get; set; }
    }

    /// <summary>The person's properties from one event on, until the next point.</summary>
    public sealed class PHPropertyTimelinePoint
    {
        /// <summary>The time of the event that starts the point.</summary>
        public DateTimeOffset? Timestamp { get; set; }

        /// <summary>The person's properties at that event.</summary>
        public PHPropertyDictionary Properties { get; set; }

        /// <summary>How many matching events fall in this point, up to the next one.</summary>
        public long RelevantEventCount { get; set; }

        /// <summary>The time and the number of events.</summary>
        public override string ToString() => $"{Timestamp:o} ({RelevantEventCount} events)";
    }
}
