using System;
using System.Collections.Generic;
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
    /// <para type="synopsis">Gets the queued deletions of persons'
    /// events and whether PostHog has completed them.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "PHPersonDeletionStatus")]
    [OutputType(typeof(PHPersonDeletion))]
    public sealed class GetPHPersonDeletionStatusCommand : PHCmdlet
    {
        /// <summary>Only pending, only completed, or all deletions (the default).</summary>
        [Parameter]
        [ValidateSet("pending", "completed", "all")]
        public string Status { get; set; }

        /// <summary>Only the deletions of these persons.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("PersonUuid", "person_uuid")]
        [PersonUuidArgument]
        [AllowEmptyString]
        public string[] Uuid { get; set; }

        /// <summary>Deletions per request (1 to 1000; PostHog's default: 100).</summary>
        [Parameter]
        [ValidateRange(1, 1000)]
        public int PageSize { get; set; }

        protected override void ProcessRecord()
        {
            var uuids = new List<string>();
            foreach (string uuid in Uuid ?? Array.Empty<string>())
            {
                if (string.IsNullOrWhiteSpace(uuid))
                {
                    continue;
                }

                if (!PersonIds.IsUuid(uuid))
                {
                    WriteError(ErrorRecords.Invalid("InvalidPersonUuid", $"'{uuid}' is not a person UUID.", uuid));
                    continue;
                }

                uuids.Add(uuid.Trim());
            }

            bool filtered = Uuid != null && Array.Exists(Uuid, u => !string.IsNullOrWhiteSpace(u));
            if (filtered && uuids.Count == 0)
            {
                return;
            }

            PostHogConnection connection = Connection;
            Run(token => ReadAsync(connection, filtered ? uuids : new List<string> { null }, token));
        }

        private async Task ReadAsync(PostHogConnection connection, List<string> uuids, CancellationToken token)
        {
            foreach (string uuid in uuids)
            {
                string query = new QueryString()
                    .Add("status", Status)
                    .Add("person_uuid", uuid)
                    .Add("limit", PageSize > 0 ? PageSize.ToString(CultureInfo.InvariantCulture) : null)
                    .AppendTo(connection.PersonsPath + "deletion_status/");
                await PageReader.ReadAsync(
                    connection.Client,
                    connection.ApiBase,
                    new ApiRequest(HttpMethod.Get, query),
                    json => PersonDataReaders.Deletion(json, connection.ProjectId),
                    page =>
                    {
                        Post(() => page.Items.ForEach(WriteObject));
                        return true;
                    },
                    this,
                    token).ConfigureAwait(false);
            }
        }
    }
}
