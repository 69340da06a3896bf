using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using PostHogPersons.Client;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// <para type="synopsis">Removes properties from PostHog persons.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "PHPersonProperty", SupportsShouldProcess = true,
        ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(PHPersonChange))]
    public sealed class RemovePHPersonPropertyCommand : PHPersonCmdlet
    {
        private string _projectToken;
        private string[] _names;

        /// <summary>The UUIDs of the persons to change.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("PersonUuid", "person_uuid")]
        [AllowEmptyString]
        [AllowNull]
        public string[] Uuid { get; set; }

        /// <summary>
        /// What the pipeline carries: PHPerson objects, UUID strings, or objects such as
        /// Import-Csv rows whose uuid, id or distinct_id properties bind by name.
        /// </summary>
        [Parameter(ValueFromPipeline = true)]
        public PSObject InputObject { get; set; }

        /// <summary>The integer ids of the persons to change (used when no UUID is given).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("PersonId", "person_id")]
        [AllowNull]
        public long[] Id { get; set; }

        /// <summary>The person's distinct ids; -UseCapture sends the event for the first.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("DistinctIds", "distinct_id", "distinct_ids")]
        [AllowNull]
        [AllowEmptyCollection]
        public string[] DistinctId { get; set; }

        /// <summary>The keys of the properties to remove (case-sensitive).</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ArgumentCompleter(typeof(PersonPropertyKeyCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] Name { get; set; }

        /// <summary>
        /// Send one event per person with $unset to the capture endpoint, in batches of up to
        /// 1000, instead of one API request per person and key (needs -ProjectToken).
        /// </summary>
        [Parameter]
        public SwitchParameter UseCapture { get; set; }

        /// <summary>Write a PHPersonChange for each person: the keys sent and PostHog's answer.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Persons worked on at once (default: Get-PHConfiguration's ThrottleLimit).</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; }

        protected override void BeginProcessing()
        {
            if (Name.Any(string.IsNullOrEmpty))
            {
                ThrowTerminatingError(ErrorRecords.Invalid("InvalidPropertyName", "A property key is empty.", Name));
            }

            _names = Name.Distinct(StringComparer.Ordinal).ToArray();
            PostHogConnection connection = Connection;
            if (UseCapture)
            {
                _projectToken = RequireProjectToken(connection);
            }
        }

        protected override void ProcessRecord()
        {
            string action = "Remove " + (_names.Length == 1 ? "property " : "properties ")
                + string.Join(", ", _names);
            if (UseCapture)
            {
                RemoveByCapture(action);
                return;
            }

            PostHogConnection connection = Connection;
            foreach (PersonKey person in ReadPersonKeys(Uuid, Id, InputObject, required: true))
            {
                if (!ShouldChange("person " + person, action))
                {
                    continue;
                }

                PHPersonChange receipt = PassThru ? Receipt(person.Uuid, person.Id, null) : null;
                Enqueue(person.Key, token => RemoveAsync(connection, person.Key, receipt, token));
            }
        }

        /// <summary>One delete_property request per key, one after the other.</summary>
        private async Task<object> RemoveAsync(
            PostHogConnection connection, string key, PHPersonChange receipt, CancellationToken token)
        {
            object result = null;
            foreach (string name in _names)
            {
                ApiRequest request = PersonRequests.DeleteProperty(connection, key, name);
                result = await SendAsync(connection, request, receipt, token).ConfigureAwait(false);
            }

            if (receipt != null && _names.Length > 1)
            {
                receipt.Request = RequestLine(connection, PersonRequests.DeleteProperty(connection, key, _names[0]))
                    + " (" + _names.Length + " requests)";
            }

            return result;
        }

        private void RemoveByCapture(string action)
        {
            string uuid = (Uuid?.FirstOrDefault(u => !string.IsNullOrWhiteSpace(u))
                ?? InputObject?.BaseObject as string)?.Trim();
            string distinctId = CaptureDistinctId(DistinctId, uuid, Id);
            if (distinctId == null)
            {
                return;
            }

            if (!ShouldChange("person with distinct id " + distinctId, action))
            {
                return;
            }

            long? id = uuid == null && Id != null && Id.Length > 0 ? Id[0] : (long?)null;
            PHPersonChange receipt = PassThru ? Receipt(uuid, id, distinctId) : null;
            EnqueueCapture(_projectToken, distinctId, CaptureBatch.UnsetEvent(distinctId, _names), receipt);
        }

        private PHPersonChange Receipt(string uuid, long? id, string distinctId)
        {
            return new PHPersonChange
            {
                Uuid = uuid,
                Id = id,
                DistinctId = distinctId,
                Action = PHPersonAction.RemoveProperties,
                Status = PHChangeStatus.Accepted,
                PropertyNames = new PHStringList(_names),
            };
        }
    }
}
