using System.Management.Automation;
using PostHogPersons.Client;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// The base of Remove-PHPersonEvent and Remove-PHPersonRecording: for each person, one
    /// request that makes PostHog queue the deletion of the person's events or recordings.
    /// The person stays.
    /// </summary>
    public abstract class PHDataDeletionCmdlet : PHPersonChangeCmdlet
    {
        private readonly bool _events;

        /// <summary>
        /// A cmdlet that deletes events, or (<paramref name="events"/> false) recordings.
        /// </summary>
        protected PHDataDeletionCmdlet(bool events)
        {
            _events = events;
        }

        /// <summary>
        /// Queue the deletion without asking for confirmation (-WhatIf still only shows).
        /// </summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Confirms each person and queues its request.</summary>
        protected override void ProcessRecord()
        {
            PostHogConnection connection = Connection;
            string action = "Queue deletion of the person's " + (_events ? "events" : "recordings");
            foreach (PersonKey person in ConfirmedPersons(action, Force))
            {
                ApiRequest request = _events
                    ? PersonRequests.DeleteEvents(connection, person.Key)
                    : PersonRequests.DeleteRecordings(connection, person.Key);
                EnqueueRequest(
                    connection,
                    person,
                    request,
                    PersonDeletion.Receipt(person, _events, !_events, keepPerson: true));
            }
        }
    }
}
