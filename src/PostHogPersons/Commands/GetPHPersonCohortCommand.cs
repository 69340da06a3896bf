using System.Collections.Generic;
using System.Management.Automation;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PostHogPersons.Client;
using PostHogPersons.Client.Errors;
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

        protected override void ProcessRecord()
        {
            PostHogConnection connection = Connection;
            List<string> keys = PersonKeys.Read(this, Uuid, Id, required: true);
            if (keys.Count > 0)
            {
                Run(token => ReadAsync(connection, keys, token));
            }
        }

        private async Task ReadAsync(PostHogConnection connection, List<string> keys, CancellationToken token)
        {
            foreach (string key in keys)
            {
                string path = new QueryString().Add("person_id", key).AppendTo(connection.PersonsPath + "cohorts/");
                try
                {
                    using (ApiResponse response = await connection.Client
                        .SendAsync(new ApiRequest(HttpMethod.Get, path), this, token)
                        .ConfigureAwait(false))
                    {
                        var cohorts = new List<PHPersonCohort>();
                        if (response.Json.RootElement.ValueKind == JsonValueKind.Object
                            && response.Json.RootElement.TryGetProperty("results", out JsonElement results)
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
                catch (PostHogApiException error) when (PersonKeys.IsPerPerson(error))
                {
                    PostError(error, key);
                }
            }
        }
    }
}
