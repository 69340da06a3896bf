using System.Collections.Generic;
using System.Management.Automation;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PostHogPersons.Client;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the cohorts a PostHog person belongs to.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "PHPersonCohort")]
    [OutputType(typeof(PHPersonCohort))]
    public sealed class GetPHPersonCohortCommand : PHCmdlet
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

        /// <summary>Reads the cohorts of each person named.</summary>
        protected override void ProcessRecord()
        {
            PostHogConnection connection = Connection;
            RunEachPerson(
                PersonKeys.Read(this, Uuid, Id, required: true),
                (key, token) => ReadAsync(connection, key, token));
        }

        private async Task ReadAsync(
            PostHogConnection connection, string key, CancellationToken token)
        {
            string path = new QueryString()
                .Add("person_id", key)
                .AppendTo(connection.PersonsPath + "cohorts/");
            using (ApiResponse response = await connection.Client
                .SendAsync(new ApiRequest(HttpMethod.Get, path), this, token)
                .ConfigureAwait(false))
            {
                JsonElement root = response.Json.RootElement;
                var cohorts = new List<PHPersonCohort>();
                if (root.ValueKind == JsonValueKind.Object
                    && root.TryGetProperty("results", out JsonElement results)
                    && results.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement cohort in results.EnumerateArray())
                    {
                        cohorts.Add(PersonDataReaders.Cohort(cohort, connection.ProjectId, key));
                    }
                }

                Post(() => cohorts.ForEach(WriteObject));
            }
        }
    }
}
