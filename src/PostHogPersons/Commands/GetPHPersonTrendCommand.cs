using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using PostHogPersons.Client;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the persons behind one data point of a trends insight.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "PHPersonTrend", DefaultParameterSetName = EventSet)]
    [OutputType(typeof(PHPerson))]
    public sealed class GetPHPersonTrendCommand : PHSeriesCmdlet
    {
        /// <summary>The property the insight breaks down by.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Breakdown { get; set; }

        /// <summary>
        /// The kind of the breakdown property: event, person, cohort, group, session or hogql.
        /// </summary>
        [Parameter]
        [ValidateSet("event", "person", "cohort", "group", "session", "hogql")]
        public string BreakdownType { get; set; }

        /// <summary>The breakdown value whose persons to get.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string BreakdownValue { get; set; }

        /// <inheritdoc/>
        protected override string Endpoint => "trends/";

        /// <inheritdoc/>
        protected override QueryString Query(List<PHPropertyFilter> filters) =>
            new QueryString()
                .Series(SeriesEvents, SeriesActions)
                .Add("entity_id", ByEvent ? Event : ActionId.ToString(CultureInfo.InvariantCulture))
                .Add("entity_type", ByEvent ? InsightQuery.Events : InsightQuery.Actions)
                .Range(DateFrom, DateTo, Interval)
                .Breakdown(Breakdown, BreakdownType, "breakdown_value", BreakdownValue)
                .Properties(filters)
                .Limit(PageSize);
    }
}
