using System.Management.Automation;
using PostHogPersons.Client;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// <para type="synopsis">Deletes PostHog persons, optionally
    /// with their events and recordings.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "PHPerson", SupportsShouldProcess = true,
        ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(PHPersonChange))]
    public sealed class RemovePHPersonCommand : PHPersonChangeCmdlet
    {
        /// <summary>
        /// Also queue the deletion of the person's events (PostHog deletes them later).
        /// </summary>
        [Parameter]
        public SwitchParameter DeleteEvents { get; set; }

        /// <summary>Also queue the deletion of the person's session recordings.</summary>
        [Parameter]
        public SwitchParameter DeleteRecordings { get; set; }

        /// <summary>
        /// Keep the person; only queue the deletions -DeleteEvents and -DeleteRecordings ask for.
        /// </summary>
        [Parameter]
        public SwitchParameter KeepPerson { get; set; }

        /// <summary>Delete without asking for confirmation (-WhatIf still only shows).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Write a PHPersonChange for each person deleted.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Refuses -KeepPerson alone, then checks the connection.</summary>
        protected override void BeginProcessing()
        {
            PersonDeletion.RequireSomething(
                this,
                DeleteEvents,
                DeleteRecordings,
                KeepPerson,
                "-KeepPerson keeps the person, so add -DeleteEvents or -DeleteRecordings "
                + "(or use Remove-PHPersonEvent / Remove-PHPersonRecording).");
            base.BeginProcessing();
        }

        /// <summary>Confirms each person and queues its deletion.</summary>
        protected override void ProcessRecord()
        {
            PostHogConnection connection = Connection;
            string action = PersonDeletion.Describe(
                DeleteEvents, DeleteRecordings, KeepPerson, many: false);
            foreach (PersonKey person in ConfirmedPersons(action, Force))
            {
                ApiRequest request = PersonRequests.Delete(
                    connection, person.Key, DeleteEvents, DeleteRecordings, KeepPerson);
                PHPersonChange receipt = PassThru
                    ? PersonDeletion.Receipt(person, DeleteEvents, DeleteRecordings, KeepPerson)
                    : null;
                EnqueueRequest(connection, person, request, receipt);
            }
        }
    }
}
