using System.Management.Automation;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using PostHogPersons.Client;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets how a person's properties
    /// changed across its events in a date range.</para>
    /// </summary>
    /// <remarks>
    /// The keys of the -Property filters are the crucial properties whose changes start a
    /// new point, and so is a person breakdown.
    /// </remarks>
    [Cmdlet(VerbsCommon.Get, "PHPersonPropertyTimeline")]
    [OutputType(typeof(PHPropertyTimeline))]
    public sealed class GetPHPersonPropertyTimelineCommand : PHInsightCmdlet
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

        /// <summary>The insight's display type, e.g. ActionsLineGraph or ActionsTable.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Display { get; set; }

        /// <summary>
        /// The property the insight breaks down by; a person breakdown is crucial too.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Breakdown { get; set; }

        /// <summary>
        /// The kind of the breakdown property: event, person, cohort, group, session or hogql.
        /// </summary>
        [Parameter]
        [ValidateSet("event", "person", "cohort", "group", "session", "hogql")]
        public string BreakdownType { get; set; }

        /// <summary>Reads the timeline of each person named.</summary>
        protected override void ProcessRecord()
        {
            string query = ReadPropertyFilters(Property, filters => new QueryString()
                .Series(Event, ActionId)
                .Properties(filters)
                .Range(DateFrom, DateTo, Interval)
                .Add("display", Display)
                .Breakdown(Breakdown, BreakdownType)
                .AppendTo("properties_timeline/"));
            PostHogConnection connection = Connection;
            RunEachPerson(
                PersonKeys.Read(this, Uuid, Id, required: true),
                (key, token) => ReadAsync(connection, key, query, token));
        }

        private async Task ReadAsync(
            PostHogConnection connection, string key, string query, CancellationToken token)
        {
            var request = new ApiRequest(
                HttpMethod.Get, PersonIds.PersonPath(connection, key) + query);
            using (ApiResponse response = await connection.Client.SendAsync(request, this, token)
                .ConfigureAwait(false))
            {
                PHPropertyTimeline timeline = PersonDataReaders.Timeline(
                    response.Json.RootElement, connection.ProjectId, key);
                Post(() => WriteObject(timeline));
            }
        }
    }
}
