using System.Collections.Generic;
using System.Globalization;
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
                Run(token => ReadAsync(connection, connection.PersonsPath + "activity/", null, token));
                return;
            }

            List<string> keys = PersonKeys.Read(this, Uuid, Id);
            if (keys.Count > 0)
            {
                Run(token => EachPersonAsync(connection, keys, token));
            }
        }

        private async Task EachPersonAsync(PostHogConnection connection, List<string> keys, CancellationToken token)
        {
            foreach (string key in keys)
            {
                try
                {
                    string path = PersonIds.PersonPath(connection, key) + "activity/";
                    await ReadAsync(connection, path, PersonIds.IsUuid(key) ? key : null, token).ConfigureAwait(false);
                }
                catch (PostHogApiException error) when (PersonKeys.IsPerPerson(error))
                {
                    PostError(error, key);
                }
            }
        }

        private Task ReadAsync(PostHogConnection connection, string path, string uuid, CancellationToken token)
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
