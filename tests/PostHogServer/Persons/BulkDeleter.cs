using System.Text.Json;
using PostHogServer.Api;
using PostHogServer.Json;
using PostHogServer.Store;

namespace PostHogServer.Persons;

/// <summary>What a bulk deletion did, as bulk_delete/ reports it.</summary>
public sealed record DeletionSummary(
    int PersonsFound,
    int PersonsDeleted,
    bool EventsQueued,
    bool RecordingsQueued,
    IReadOnlyList<string> ErrorUuids)
{
    /// <summary>Writes the 202 body of bulk_delete/.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber("persons_found", PersonsFound);
        writer.WriteNumber("persons_deleted", PersonsDeleted);
        writer.WriteBoolean("events_queued_for_deletion", EventsQueued);
        writer.WriteBoolean("recordings_queued_for_deletion", RecordingsQueued);
        writer.WriteStartArray("deletion_errors");
        foreach (var uuid in ErrorUuids)
        {
            writer.WriteStartObject();
            writer.WriteString("person_uuid", uuid);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}

/// <summary>
/// The deletion routine shared by DELETE persons/{id}/ and bulk_delete/: removes the persons
/// (and with them their distinct ids) unless keep_person, then queues event and recording
/// deletions when asked. Persons listed in the config's deletionErrorUuids fail to delete.
/// </summary>
public static class BulkDeleter
{
    /// <summary>Deletes the persons and returns the summary.</summary>
    public static DeletionSummary Run(
        ApiContext context,
        IReadOnlyList<Person> persons,
        bool deleteEvents,
        bool deleteRecordings,
        bool keepPerson)
    {
        var errors = new List<string>();
        var deleted = 0;
        if (!keepPerson)
        {
            var failing = context.Config.DeletionErrorUuids;
            var removable = persons
                .Where(p => !failing.Contains(p.UuidText, StringComparer.OrdinalIgnoreCase))
                .ToList();
            errors.AddRange(persons.Except(removable).Select(p => p.UuidText));
            deleted = context.Persons.Change(writer =>
            {
                foreach (var person in removable)
                {
                    writer.Remove(person);
                }

                return removable.Count;
            });
            foreach (var person in removable)
            {
                var detail = ActivityLog.Detail(person.UuidText);
                context.Project.Activity.Add("deleted", person.Id, detail, context.Key.User);
            }
        }

        var now = Timestamps.Now();
        foreach (var person in persons)
        {
            if (deleteEvents)
            {
                context.Project.Deletions.QueueEvents(person.UuidText, now);
            }

            if (deleteRecordings)
            {
                context.Project.Deletions.QueueRecordings(person.UuidText, now);
            }
        }

        return new DeletionSummary(persons.Count, deleted, deleteEvents && persons.Count > 0,
            deleteRecordings && persons.Count > 0, errors);
    }
}
