using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Net.Http;
using PostHogPersons.Client;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the persons who reached, or dropped off before, a step of a funnel.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "PHPersonFunnel", DefaultParameterSetName = StepsSet)]
    [OutputType(typeof(PHPerson))]
    public sealed class GetPHPersonFunnelCommand : PHCmdlet
    {
        private const string StepsSet = "Steps";
        private const string FilterSet = "Filter";

        /// <summary>The funnel's steps: event names in order.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = StepsSet)]
        [ValidateNotNullOrEmpty]
        public string[] Event { get; set; }

        /// <summary>
        /// A whole legacy funnel filter (events, actions, dates, breakdown, funnel_step…) as
        /// a hashtable, sent as the JSON body of a POST; for example a saved insight's filters.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = FilterSet)]
        [ValidateNotNull]
        public IDictionary Filter { get; set; }

        /// <summary>The step (1 for the first) whose persons to get.</summary>
        [Parameter(Mandatory = true, ParameterSetName = StepsSet)]
        [Parameter(ParameterSetName = FilterSet)]
        [ValidateRange(1, 100)]
        public int Step { get; set; }

        /// <summary>Get the persons who completed the step before -Step but not -Step itself.</summary>
        [Parameter]
        public SwitchParameter DroppedOff { get; set; }

        /// <summary>The start of the funnel's range: a date, a time or a relative date such as -30d.</summary>
        [Parameter(ParameterSetName = StepsSet)]
        [PostHogDate]
        [ValidateNotNullOrEmpty]
        public string DateFrom { get; set; }

        /// <summary>The end of the funnel's range; a plain date counts in full.</summary>
        [Parameter(ParameterSetName = StepsSet)]
        [PostHogDate]
        [ValidateNotNullOrEmpty]
        public string DateTo { get; set; }

        /// <summary>The property the funnel breaks down by.</summary>
        [Parameter(ParameterSetName = StepsSet)]
        [ValidateNotNullOrEmpty]
        public string Breakdown { get; set; }

        /// <summary>The kind of the breakdown property: event, person, cohort, group, session or hogql.</summary>
        [Parameter(ParameterSetName = StepsSet)]
        [ValidateSet("event", "person", "cohort", "group", "session", "hogql")]
        public string BreakdownType { get; set; }

        /// <summary>The breakdown value whose persons to get.</summary>
        [Parameter(ParameterSetName = StepsSet)]
        [ValidateNotNullOrEmpty]
        public string BreakdownValue { get; set; }

        /// <summary>Person property filters, as Get-PHPerson -Property.</summary>
        [Parameter(ParameterSetName = StepsSet)]
        [ArgumentCompleter(typeof(PersonPropertyKeyCompleter))]
        [ValidateNotNullOrEmpty]
        public object[] Property { get; set; }

        /// <summary>Persons per request (1 to 10,000; PostHog's default: 100).</summary>
        [Parameter]
        [ValidateRange(1, 10000)]
        public int PageSize { get; set; }

        protected override void ProcessRecord()
        {
            int? step = FunnelStep();
            PostHogConnection connection = Connection;
            string path = new QueryString()
                .Add("limit", PageSize > 0 ? PageSize.ToString(CultureInfo.InvariantCulture) : null)
                .AppendTo(connection.PersonsPath + "funnel/");
            ApiRequest request;
            try
            {
                request = ParameterSetName == FilterSet
                    ? PostRequest(path, step)
                    : new ApiRequest(HttpMethod.Get, StepsQuery(connection, step.Value));
            }
            catch (ArgumentException error)
            {
                object target = Filter ?? (object)Property;
                ThrowTerminatingError(new ErrorRecord(error, "InvalidFilter", ErrorCategory.InvalidArgument, target));
                return;
            }

            Run(token => ActorPages.ReadAsync(
                connection, request, persons => Post(() => persons.ForEach(WriteObject)), this, token));
        }

        /// <summary>PostHog's funnel_step: negative for drop-offs; null to keep the filter's.</summary>
        private int? FunnelStep()
        {
            if (!MyInvocation.BoundParameters.ContainsKey(nameof(Step)))
            {
                if (DroppedOff)
                {
                    ThrowTerminatingError(ErrorRecords.Invalid(
                        "InvalidFunnelStep", "-DroppedOff needs -Step: the step the persons did not complete.", null));
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
                    "InvalidFunnelStep", $"-Step {Step} is past the funnel's last step ({Event.Length}).", Step));
            }

            return DroppedOff ? -Step : Step;
        }

        private ApiRequest PostRequest(string path, int? step)
        {
            var overrides = new Dictionary<string, object> { ["funnel_step"] = step };
            return new ApiRequest(HttpMethod.Post, path)
            {
                JsonBody = InsightQuery.Body(Filter, overrides, "limit", "offset"),
                IsRetrySafe = true,
            };
        }

        private string StepsQuery(PostHogConnection connection, int step)
        {
            // Limitation: -Event makes every step an event; a funnel with action steps or
            // per-step filters needs -Filter.
            List<PHPropertyFilter> filters = PropertyFilters.Read(Property);
            return new QueryString()
                .Add("events", InsightQuery.Entities(Event, InsightQuery.Events))
                .Add("funnel_step", step.ToString(CultureInfo.InvariantCulture))
                .Add("date_from", DateFrom)
                .Add("date_to", DateTo)
                .Add("breakdown", Breakdown)
                .Add("breakdown_type", BreakdownType)
                .Add("funnel_step_breakdown", BreakdownValue)
                .Add("properties", filters.Count > 0 ? PropertyFilters.ToJson(filters) : null)
                .Add("limit", PageSize > 0 ? PageSize.ToString(CultureInfo.InvariantCulture) : null)
                .AppendTo(connection.PersonsPath + "funnel/");
        }
    }
}
