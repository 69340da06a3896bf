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
    /// <para type="synopsis">Gets the persons behind one bar of
    /// a lifecycle insight: new, returning, resurrecting or dormant.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "PHPersonLifecycle", DefaultParameterSetName = EventSet)]
    [OutputType(typeof(PHPerson))]
    public sealed class GetPHPersonLifecycleCommand : PHCmdlet
    {
        private const string EventSet = "Event";
        private const string ActionSet = "Action";

        /// <summary>A date or time inside the interval (the bar) whose persons to get.</summary>
        [Parameter(Mandatory = true)]
        [PostHogDate]
        [ValidateNotNullOrEmpty]
        public string TargetDate { get; set; }

        /// <summary>Which persons of the bar: new, returning, resurrecting or dormant.</summary>
        [Parameter(Mandatory = true)]
        [ValidateSet("new", "returning", "resurrecting", "dormant")]
        public string LifecycleType { get; set; }

        /// <summary>The event the lifecycle counts.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = EventSet)]
        [ValidateNotNullOrEmpty]
        public string Event { get; set; }

        /// <summary>The id of the action the lifecycle counts.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ActionSet)]
        [ValidateRange(1, long.MaxValue)]
        public long ActionId { get; set; }

        /// <summary>The start of the insight's range: a date, a time or a relative date such as -30d.</summary>
        [Parameter]
        [PostHogDate]
        [ValidateNotNullOrEmpty]
        public string DateFrom { get; set; }

        /// <summary>The end of the insight's range; a plain date counts in full.</summary>
        [Parameter]
        [PostHogDate]
        [ValidateNotNullOrEmpty]
        public string DateTo { get; set; }

        /// <summary>The length of a bar: hour, day, week or month (PostHog's default: day).</summary>
        [Parameter]
        [ValidateSet("hour", "day", "week", "month")]
        public string Interval { get; set; }

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
            string query = new QueryString()
                .Add("target_date", TargetDate)
                .Add("lifecycle_type", LifecycleType)
                .Add("events", isEvent ? InsightQuery.Entities(new[] { Event }, InsightQuery.Events) : null)
                .Add("actions", isEvent ? null : InsightQuery.Entities(new[] { ActionId }, InsightQuery.Actions))
                .Add("date_from", DateFrom)
                .Add("date_to", DateTo)
                .Add("interval", Interval)
                .Add("properties", filters.Count > 0 ? PropertyFilters.ToJson(filters) : null)
                .Add("limit", PageSize > 0 ? PageSize.ToString(CultureInfo.InvariantCulture) : null)
                .AppendTo(connection.PersonsPath + "lifecycle/");
            var request = new ApiRequest(HttpMethod.Get, query);
            Run(token => ActorPages.ReadAsync(
                connection, request, persons => Post(() => persons.ForEach(WriteObject)), this, token));
        }
    }
}
