using System.Collections.Generic;
using System.Management.Automation;
using PostHogPersons.Client;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// <para type="synopsis">Deletes PostHog persons, optionally with their events and recordings.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "PHPerson", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(PHPersonChange))]
    public sealed class RemovePHPersonCommand : PHPersonCmdlet
    {
        /// <summary>The UUIDs of the persons to delete.</summary>
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

        /// <summary>The integer ids of the persons to delete (used when no UUID is given).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("PersonId", "person_id")]
        [AllowNull]
        public long[] Id { get; set; }

        /// <summary>Also queue the deletion of the person's events (PostHog deletes them later).</summary>
        [Parameter]
        public SwitchParameter DeleteEvents { get; set; }

        /// <summary>Also queue the deletion of the person's session recordings.</summary>
        [Parameter]
        public SwitchParameter DeleteRecordings { get; set; }

        /// <summary>Keep the person; only queue the deletions -DeleteEvents and -DeleteRecordings ask for.</summary>
        [Parameter]
        public SwitchParameter KeepPerson { get; set; }

        /// <summary>Delete without asking for confirmation (-WhatIf still only shows).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Write a PHPersonChange for each person deleted.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Requests kept in flight at once (default: Get-PHConfiguration's ThrottleLimit).</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; }

        protected override void BeginProcessing()
        {
            if (KeepPerson && !DeleteEvents && !DeleteRecordings)
            {
                ThrowTerminatingError(ErrorRecords.Invalid(
                    "NothingToDelete",
                    "-KeepPerson keeps the person, so add -DeleteEvents or -DeleteRecordings "
                    + "(or use Remove-PHPersonEvent / Remove-PHPersonRecording).",
                    null));
            }

            _ = Connection;
        }

        protected override void ProcessRecord()
        {
            PostHogConnection connection = Connection;
            string action = Describe();
            foreach (PersonKey person in ReadPersonKeys(Uuid, Id, InputObject, required: true))
            {
                if (!ShouldChange("person " + person, action, Force))
                {
                    continue;
                }

                ApiRequest request = PersonRequests.Delete(
                    connection, person.Key, DeleteEvents, DeleteRecordings, KeepPerson);
                PHPersonChange receipt = null;
                if (PassThru)
                {
                    receipt = new PHPersonChange
                    {
                        Uuid = person.Uuid,
                        Id = person.Id,
                        Action = KeepPerson
                            ? (DeleteEvents ? PHPersonAction.DeleteEvents : PHPersonAction.DeleteRecordings)
                            : PHPersonAction.DeletePerson,
                        Status = KeepPerson ? PHChangeStatus.Queued : PHChangeStatus.Deleted,
                        EventsQueued = DeleteEvents,
                        RecordingsQueued = DeleteRecordings,
                    };
                }

                Enqueue(person.Key, token => SendAsync(connection, request, receipt, token));
            }
        }

        private string Describe()
        {
            var queued = new List<string>();
            if (DeleteEvents)
            {
                queued.Add("events");
            }

            if (DeleteRecordings)
            {
                queued.Add("recordings");
            }

            string what = string.Join(" and ", queued);
            if (KeepPerson)
            {
                return $"Queue deletion of the person's {what} (the person stays)";
            }

            return queued.Count == 0 ? "Delete person" : $"Delete person and queue deletion of its {what}";
        }
    }
}
