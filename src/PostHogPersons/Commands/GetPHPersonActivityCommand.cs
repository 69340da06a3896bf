using System.Globalization;
using System.Management.Automation;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using PostHogPersons.Client;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the activity log of PostHog persons:
    /// who changed, split or deleted them, and when.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "PHPersonActivity", DefaultParameterSetName = AllSet)]
    [OutputType(typeof(PHPersonActivity))]
    public sealed class GetPHPersonActivityCommand : PHCmdlet
    {
        private const string AllSet = "All";
        private const string PersonSet = "Person";

        /// <summary>The UUIDs of the persons whose activity to get.</summary>
        [Parameter(Position = 0, ParameterSetName = PersonSet,
            ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("PersonUuid", "person_uuid")]
        [PersonUuidArgument]
        [AllowEmptyString]
        public string[] Uuid { get; set; }

        /// <summary>The integer ids of the persons (used when no UUID is given).</summary>
        [Parameter(ParameterSetName = PersonSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PersonId", "person_id")]
        public long[] Id { get; set; }

        /// <summary>Entries per request (1 to 1000; default 100).</summary>
        [Parameter]
        [ValidateRange(1, 1000)]
        public int PageSize { get; set; } = 100;

        protected override void ProcessRecord()
        {
            PostHogConnection connection = Connection;
            if (ParameterSetName == AllSet)
            {
                string all = connection.PersonsPath + "activity/";
                Run(token => ReadAsync(connection, all, null, token));
                return;
            }

            RunEachPerson(PersonKeys.Read(this, Uuid, Id), (key, token) => ReadAsync(
                connection,
                PersonIds.PersonPath(connection, key) + "activity/",
                PersonIds.IsUuid(key) ? key : null,
                token));
        }

        private Task ReadAsync(
            PostHogConnection connection, string path, string uuid, CancellationToken token)
        {
            string query = new QueryString()
                .Add("limit", PageSize.ToString(CultureInfo.InvariantCulture))
                .AppendTo(path);
            return PageReader.ReadAsync(
                connection.Client,
                connection.ApiBase,
                new ApiRequest(HttpMethod.Get, query),
                json => PersonDataReaders.Activity(json, connection.ProjectId, uuid),
                page =>
                {
                    Post(() =>
                    {
                        foreach (PHPersonActivity entry in page.Items)
                        {
                            WriteObject(entry);
                        }
                    });
                    return true;
                },
                this,
                token,
                entry => entry.ActivityId);
        }
    }
}
