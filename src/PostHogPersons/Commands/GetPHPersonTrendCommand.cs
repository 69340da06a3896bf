using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Net.Http;
using PostHogPersons.Client;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the persons behind one data point of a trends insight.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "PHPersonTrend", DefaultParameterSetName = EventSet)]
    [OutputType(typeof(PHPerson))]
    public sealed class GetPHPersonTrendCommand : PHCmdlet
    {
        private const string EventSet = "Event";
        private const string ActionSet = "Action";

        /// <summary>The event of the trend series.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = EventSet)]
        [ValidateNotNullOrEmpty]
        public string Event { get; set; }

        /// <summary>The id of the action of the trend series.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ActionSet)]
        [ValidateRange(1, long.MaxValue)]
        public long ActionId { get; set; }

        /// <summary>The start of the data point: a date, a time or a relative date such as -7d.</summary>
        [Parameter]
        [PostHogDate]
        [ValidateNotNullOrEmpty]
        public string DateFrom { get; set; }

        /// <summary>The end of the data point; the same value as -DateFrom means one interval.</summary>
        [Parameter]
        [PostHogDate]
        [ValidateNotNullOrEmpty]
        public string DateTo { get; set; }

        /// <summary>The insight's interval: hour, day, week or month.</summary>
        [Parameter]
        [ValidateSet("hour", "day", "week", "month")]
        public string Interval { get; set; }

        /// <summary>The property the insight breaks down by.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Breakdown { get; set; }

        /// <summary>The kind of the breakdown property: event, person, cohort, group, session or hogql.</summary>
        [Parameter]
        [ValidateSet("event", "person", "cohort", "group", "session", "hogql")]
        public string BreakdownType { get; set; }

        /// <summary>The breakdown value whose persons to get.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string BreakdownValue { get; set; }

        /// <summary>Person property filters, as Get-PHPerson -Property.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(PersonPropertyKeyCompleter))]
        [ValidateNotNullOrEmpty]
        public object[] Property { get; set; }

        /// <summary>Persons per request (1 to 10,000; PostHog's default: 100).</summary>
        [Parameter]
        [ValidateRange(1, 10000)]
        public int PageSize { get; set; }

        protected override void ProcessRecord()
        {
            List<PHPropertyFilter> filters;
            try
            {
                filters = PropertyFilters.Read(Property);
            }
            catch (ArgumentException error)
            {
                ThrowTerminatingError(
                    new ErrorRecord(error, "InvalidPropertyFilter", ErrorCategory.InvalidArgument, Property));
                return;
            }

            PostHogConnection connection = Connection;
            bool isEvent = ParameterSetName == EventSet;
            string entityId = isEvent ? Event : ActionId.ToString(CultureInfo.InvariantCulture);
            string query = new QueryString()
                .Add("events", isEvent ? InsightQuery.Entities(new[] { Event }, InsightQuery.Events) : null)
                .Add("actions", isEvent ? null : InsightQuery.Entities(new[] { ActionId }, InsightQuery.Actions))
                .Add("entity_id", entityId)
                .Add("entity_type", isEvent ? InsightQuery.Events : InsightQuery.Actions)
                .Add("date_from", DateFrom)
                .Add("date_to", DateTo)
                .Add("interval", Interval)
                .Add("breakdown", Breakdown)
                .Add("breakdown_type", BreakdownType)
                .Add("breakdown_value", BreakdownValue)
                .Add("properties", filters.Count > 0 ? PropertyFilters.ToJson(filters) : null)
                .Add("limit", PageSize > 0 ? PageSize.ToString(CultureInfo.InvariantCulture) : null)
                .AppendTo(connection.PersonsPath + "trends/");
            var request = new ApiRequest(HttpMethod.Get, query);
            Run(token => ActorPages.ReadAsync(
                connection, request, persons => Post(() => persons.ForEach(WriteObject)), this, token));
        }
    }
}
