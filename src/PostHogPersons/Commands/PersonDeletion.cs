using System.Collections.Generic;
using System.Management.Automation;
using PostHogPersons.Client;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// What the cmdlets that delete persons or their data share: the check that there is
    /// something to delete, the confirmation text and the receipt.
    /// </summary>
    internal static class PersonDeletion
    {
        /// <summary>
        /// A terminating NothingToDelete error with <paramref name="message"/> when
        /// -KeepPerson is given without -DeleteEvents or -DeleteRecordings.
        /// </summary>
        public static void RequireSomething(
            Cmdlet cmdlet,
            bool deleteEvents,
            bool deleteRecordings,
            bool keepPerson,
            string message)
        {
            if (keepPerson && !deleteEvents && !deleteRecordings)
            {
                cmdlet.ThrowTerminatingError(
                    ErrorRecords.Invalid("NothingToDelete", message, null));
            }
        }

        /// <summary>
        /// The confirmation action for one person, or for many (<paramref name="many"/>),
        /// e.g. "Delete person and queue deletion of its events and recordings".
        /// </summary>
        public static string Describe(
            bool deleteEvents, bool deleteRecordings, bool keepPerson, bool many)
        {
            var queued = new List<string>();
            if (deleteEvents)
            {
                queued.Add("events");
            }

            if (deleteRecordings)
            {
                queued.Add("recordings");
            }

            string what = string.Join(" and ", queued);
            if (keepPerson)
            {
                return many
                    ? $"Queue deletion of the persons' {what} (the persons stay)"
                    : $"Queue deletion of the person's {what} (the person stays)";
            }

            string delete = many ? "Delete persons" : "Delete person";
            string whose = many ? "their" : "its";
            return queued.Count == 0 ? delete : $"{delete} and queue deletion of {whose} {what}";
        }

        /// <summary>
        /// The receipt of a deletion: the person deleted (with its data queued), or with
        /// <paramref name="keepPerson"/> the deletion of its events or recordings queued.
        /// </summary>
        public static PHPersonChange Receipt(
            PersonKey person, bool deleteEvents, bool deleteRecordings, bool keepPerson)
        {
            return new PHPersonChange
            {
                Uuid = person.Uuid,
                Id = person.Id,
                Action = keepPerson
                    ? (deleteEvents ? PHPersonAction.DeleteEvents : PHPersonAction.DeleteRecordings)
                    : PHPersonAction.DeletePerson,
                Status = keepPerson ? PHChangeStatus.Queued : PHChangeStatus.Deleted,
                EventsQueued = deleteEvents,
                RecordingsQueued = deleteRecordings,
            };
        }
    }
}
