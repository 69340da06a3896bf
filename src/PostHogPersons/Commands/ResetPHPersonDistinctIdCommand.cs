using System.Collections.Generic;
using System.Management.Automation;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using PostHogPersons.Client;
using PostHogPersons.Client.Errors;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// <para type="synopsis">Frees a distinct id of a deleted person, so
    /// that new events with it make a new person again.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Reset, "PHPersonDistinctId",
        SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class ResetPHPersonDistinctIdCommand : PHCmdlet
    {
        /// <summary>The distinct ids that belonged to deleted persons.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("DistinctIds", "distinct_id")]
        [AllowEmptyString]
        public string[] DistinctId { get; set; }

        protected override void ProcessRecord()
        {
            PostHogConnection connection = Connection;
            foreach (string distinctId in DistinctId)
            {
                if (string.IsNullOrWhiteSpace(distinctId))
                {
                    WriteError(ErrorRecords.Invalid(
                        "InvalidDistinctId", "A distinct id must not be empty.", distinctId));
                    continue;
                }

                if (!ShouldChange($"distinct id '{distinctId}'", "Reset so that new events with it make a new person"))
                {
                    continue;
                }

                Run(token => ResetAsync(connection, distinctId, token), distinctId);
            }
        }

        private async Task ResetAsync(PostHogConnection connection, string distinctId, CancellationToken token)
        {
            var request = new ApiRequest(HttpMethod.Post, connection.PersonsPath + "reset_person_distinct_id/")
            {
                JsonBody = JsonValues.ToJsonBytes(new Dictionary<string, object> { ["distinct_id"] = distinctId }),
                ExpectJson = false,
                // Bumping the versions again changes nothing more, so a retry is harmless.
                IsRetrySafe = true,
            };
            try
            {
                using (await connection.Client.SendAsync(request, this, token).ConfigureAwait(false))
                {
                    Post(() => WriteVerbose($"Reset distinct id '{distinctId}'."));
                }
            }
            catch (PostHogApiException error) when (PersonKeys.IsPerPerson(error))
            {
                PostError(error, distinctId, "DistinctIdNotFound");
            }
        }
    }
}
