using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Net.Http;
using PostHogPersons.Client;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the persons who reached, or
    /// dropped off before, a step of a funnel.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "PHPersonFunnel", DefaultParameterSetName = StepsSet)]
    [OutputType(typeof(PHPerson))]
    public sealed class GetPHPersonFunnelCommand : PHFunnelCmdlet
    {
        /// <summary>
        /// The step (1 for the first) whose persons to get; with -DroppedOff, the persons who
        /// completed the step before it but not this one.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = StepsSet)]
        [Parameter(ParameterSetName = FilterSet)]
        [ValidateRange(1, 100)]
        public int Step { get; set; }

        /// <summary>The property the funnel breaks down by.</summary>
        [Parameter(ParameterSetName = StepsSet)]
        [ValidateNotNullOrEmpty]
        public string Breakdown { get; set; }

        /// <summary>
        /// The kind of the breakdown property: event, person, cohort, group, session or hogql.
        /// </summary>
        [Parameter(ParameterSetName = StepsSet)]
        [ValidateSet("event", "person", "cohort", "group", "session", "hogql")]
        public string BreakdownType { get; set; }

        /// <summary>The breakdown value whose persons to get.</summary>
        [Parameter(ParameterSetName = StepsSet)]
        [ValidateNotNullOrEmpty]
        public string BreakdownValue { get; set; }

        /// <summary>Checks the step, then writes every person of it.</summary>
        protected override void ProcessRecord()
        {
            int? step = FunnelStep();
            PostHogConnection connection = Connection;
            string endpoint = connection.PersonsPath + "funnel/";
            ApiRequest request = BuildRequest(() => ByFilter
                ? FilterRequest(
                    new QueryString().Limit(PageSize).AppendTo(endpoint),
                    new Dictionary<string, object> { ["funnel_step"] = step },
                    "limit",
                    "offset")
                : new ApiRequest(HttpMethod.Get, StepsQuery(step.Value).AppendTo(endpoint)));
            Run(token => WriteActorsAsync(connection, request, token));
        }

        /// <summary>
        /// PostHog's funnel_step: negative for drop-offs; null to keep the filter's.
        /// </summary>
        private int? FunnelStep()
        {
            if (!MyInvocation.BoundParameters.ContainsKey(nameof(Step)))
            {
                if (DroppedOff)
                {
                    ThrowTerminatingError(ErrorRecords.Invalid(
                        "InvalidFunnelStep",
                        "-DroppedOff needs -Step: the step the persons did not complete.",
                        null));
                }

                if (!InsightQuery.HasKey(Filter, "funnel_step"))
                {
                    ThrowTerminatingError(ErrorRecords.Invalid(
                        "InvalidFunnelStep",
                        "Give -Step, or a funnel_step in -Filter: the step whose persons to get.",
                        Filter));
                }

                return null;
            }

            if (DroppedOff && Step == 1)
            {
                ThrowTerminatingError(ErrorRecords.Invalid(
                    "InvalidFunnelStep",
                    "Nobody drops off before step 1; with -DroppedOff, -Step is 2 or more.",
                    Step));
            }

            if (Event != null && Step > Event.Length)
            {
                ThrowTerminatingError(ErrorRecords.Invalid(
                    "InvalidFunnelStep",
                    $"-Step {Step} is past the funnel's last step ({Event.Length}).",
                    Step));
            }

            return DroppedOff ? -Step : Step;
        }

        private QueryString StepsQuery(int step)
        {
            // Limitation: -Event makes every step an event; a funnel with action steps or
            // per-step filters needs -Filter.
            List<PHPropertyFilter> filters = PropertyFilters.Read(Property);
            return new QueryString()
                .Series(Event, null)
                .Add("funnel_step", step.ToString(CultureInfo.InvariantCulture))
                .Range(DateFrom, DateTo)
                .Breakdown(Breakdown, BreakdownType, "funnel_step_breakdown", BreakdownValue)
                .Properties(filters)
                .Limit(PageSize);
        }
    }
}
