using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using PostHogPersons.Client;
using PostHogPersons.Client.Errors;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets how a person's properties changed across its events in a date range.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "PHPersonPropertyTimeline")]
    [OutputType(typeof(PHPropertyTimeline))]
    public sealed class GetPHPersonPropertyTimelineCommand : PHCmdlet
    {
        /// <summary>The UUIDs of the persons.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("PersonUuid", "person_uuid")]
        [PersonUuidArgument]
        [AllowEmptyString]
        public string[] Uuid { get; set; }

        /// <summary>The integer ids of the persons (used when no UUID is given).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("PersonId", "person_id")]
        public long[] Id { get; set; }

        /// <summary>The events whose occurrences make the timeline; default: every event.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] Event { get; set; }

        /// <summary>The ids of actions whose occurrences make the timeline.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public long[] ActionId { get; set; }

        /// <summary>
        /// Person property filters (as Get-PHPerson -Property); their keys are the crucial
        /// properties whose changes start a new point.
        /// </summary>
        [Parameter]
        [ArgumentCompleter(typeof(PersonPropertyKeyCompleter))]
        [ValidateNotNullOrEmpty]
        public object[] Property { get; set; }

        /// <summary>The start of the range: a date, a time or a relative date such as -30d.</summary>
        [Parameter]
        [PostHogDate]
        [ValidateNotNullOrEmpty]
        public string DateFrom { get; set; }

        /// <summary>The end of the range; a plain date counts in full.</summary>
        [Parameter]
        [PostHogDate]
        [ValidateNotNullOrEmpty]
        public string DateTo { get; set; }

        /// <summary>The insight's interval: hour, day, week or month.</summary>
        [Parameter]
        [ValidateSet("hour", "day", "week", "month")]
        public string Interval { get; set; }

        /// <summary>The insight's display type, e.g. ActionsLineGraph or ActionsTable.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Display { get; set; }

        /// <summary>The property the insight breaks down by; a person breakdown is crucial too.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Breakdown { get; set; }

        /// <summary>The kind of the breakdown property: event, person, cohort, group, session or hogql.</summary>
        [Parameter]
        [ValidateSet("event", "person", "cohort", "group", "session", "hogql")]
        public string BreakdownType { get; set; }

        protected override void ProcessRecord()
        {
            string query;
            try
            {
                List<PHPropertyFilter> filters = PropertyFilters.Read(Property);
                query = new QueryString()
                    .Add("events", InsightQuery.Entities(Event, InsightQuery.Events))
                    .Add("actions", InsightQuery.Entities(ActionId, InsightQuery.Actions))
                    .Add("properties", filters.Count > 0 ? PropertyFilters.ToJson(filters) : null)
                    .Add("date_from", DateFrom)
                    .Add("date_to", DateTo)
                    .Add("interval", Interval)
                    .Add("display", Display)
                    .Add("breakdown", Breakdown)
                    .Add("breakdown_type", BreakdownType)
                    .AppendTo("properties_timeline/");
            }
            catch (ArgumentException error)
            {
                ThrowTerminatingError(
                    new ErrorRecord(error, "InvalidPropertyFilter", ErrorCategory.InvalidArgument, Property));
                return;
            }

            PostHogConnection connection = Connection;
            List<string> keys = PersonKeys.Read(this, Uuid, Id, required: true);
            if (keys.Count > 0)
            {
                Run(token => ReadAsync(connection, keys, query, token));
            }
        }

        private async Task ReadAsync(
            PostHogConnection connection,
            List<string> keys,
            string query,
            CancellationToken token)
        {
            foreach (string key in keys)
            {
                var request = new ApiRequest(HttpMethod.Get, PersonIds.PersonPath(connection, key) + query);
                try
                {
                    using (ApiResponse response = await connection.Client.SendAsync(request, this, token)
                        .ConfigureAwait(false))
                    {
                        PHPropertyTimeline timeline = PersonDataReaders.Timeline(
                            response.Json.RootElement, connection.ProjectId, key);
                        Post(() => WriteObject(timeline));
                    }
                }
                catch (PostHogApiException error) when (PersonKeys.IsPerPerson(error))
                {
                    PostError(error, key);
                }
            }
        }
    }
}
