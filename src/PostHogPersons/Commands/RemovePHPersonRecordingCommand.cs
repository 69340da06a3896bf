using System.Management.Automation;
using PostHogPersons.Client;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// <para type="synopsis">Queues the deletion of the recordings of PostHog persons.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "PHPersonRecording", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(PHPersonChange))]
    public sealed class RemovePHPersonRecordingCommand : PHPersonCmdlet
    {
        /// <summary>The UUIDs of the persons whose recordings to delete.</summary>
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

        /// <summary>The integer ids of the persons (used when no UUID is given).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("PersonId", "person_id")]
        [AllowNull]
        public long[] Id { get; set; }

        /// <summary>Queue the deletion without asking for confirmation (-WhatIf still only shows).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Requests kept in flight at once (default: Get-PHConfiguration's ThrottleLimit).</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; }

        protected override void BeginProcessing()
        {
            _ = Connection;
        }

        protected override void ProcessRecord()
        {
            PostHogConnection connection = Connection;
            foreach (PersonKey person in ReadPersonKeys(Uuid, Id, InputObject, required: true))
            {
                if (!ShouldChange("person " + person, "Queue deletion of the person's recordings", Force))
                {
                    continue;
                }

                ApiRequest request = PersonRequests.DeleteRecordings(connection, person.Key);
                var receipt = new PHPersonChange
                {
                    Uuid = person.Uuid,
                    Id = person.Id,
                    Action = PHPersonAction.DeleteRecordings,
                    Status = PHChangeStatus.Queued,
                    RecordingsQueued = true,
                };
                Enqueue(person.Key, token => SendAsync(connection, request, receipt, token));
            }
        }
    }
}
