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
    /// <para type="synopsis">Gets the most common values of a person property, with how many persons have each.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "PHPersonPropertyValue")]
    [OutputType(typeof(PHPersonPropertyValue))]
    public sealed class GetPHPersonPropertyValueCommand : PHCmdlet
    {
        /// <summary>The property key. Tab completes keys.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(PersonPropertyKeyCompleter))]
        [ValidateNotNullOrEmpty]
        public string Key { get; set; }

        /// <summary>Only values that contain this text (ignoring case). Tab completes values.</summary>
        [Parameter(Position = 1)]
        [ArgumentCompleter(typeof(PersonPropertyValueCompleter))]
        [ValidateNotNullOrEmpty]
        public string Value { get; set; }

        protected override void ProcessRecord()
        {
            PostHogConnection connection = Connection;
            string key = Key;
            string path = new QueryString()
                .Add("key", key)
                .Add("value", Value)
                .AppendTo(connection.PersonsPath + "values/");
            Run(token => ReadAsync(connection, key, path, token));
        }

        private async Task ReadAsync(PostHogConnection connection, string key, string path, CancellationToken token)
        {
            using (ApiResponse response = await connection.Client
                .SendAsync(new ApiRequest(HttpMethod.Get, path), this, token)
                .ConfigureAwait(false))
            {
                JsonElement root = response.Json.RootElement;
                JsonElement results = root;
                if (root.ValueKind == JsonValueKind.Object)
                {
                    // Older PostHog sent the bare list; newer wraps it with a refreshing flag.
                    root.TryGetProperty("results", out results);
                    if (root.TryGetProperty("refreshing", out JsonElement refreshing)
                        && refreshing.ValueKind == JsonValueKind.True)
                    {
                        Post(() => WriteVerbose(
                            $"PostHog is refreshing the values of '{key}'; the counts may be out of date."));
                    }
                }

                var values = new List<PHPersonPropertyValue>();
                if (results.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement item in results.EnumerateArray())
                    {
                        values.Add(PersonDataReaders.PropertyValue(item, key, connection.ProjectId));
                    }
                }

                Post(() => values.ForEach(WriteObject));
            }
        }
    }
}
