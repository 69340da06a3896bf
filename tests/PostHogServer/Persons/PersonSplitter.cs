using PostHogServer.Json;
using PostHogServer.Store;

namespace PostHogServer.Persons;

/// <summary>
/// Applies a split: the moved distinct ids each get a new single-id person with the UUID
/// ingestion would give them (uuidFromDistinctId; the ":split" variant when that equals the
/// original person's UUID). The original person keeps its properties.
/// </summary>
public static class PersonSplitter
{
    private static readonly byte[] EmptyProperties = "{}"u8.ToArray();

    /// <summary>
    /// Moves the listed ids (distinct_ids_to_split), or all but the main id, or all but the
    /// first id when neither is given.
    /// </summary>
    public static void Split(Project project, long personId, string? mainDistinctId, string[]? toSplit)
    {
        project.Persons.Change(writer =>
        {
            var person = writer.FindById(personId);
            if (person is null)
            {
                return 0;
            }

            var ids = person.DistinctIds;
            var moving = toSplit is not null ? ids.Where(toSplit.Contains).ToArray()
                : mainDistinctId is not null ? ids.Where(id => id != mainDistinctId).ToArray()
                : ids.Skip(1).ToArray();
            if (moving.Length == 0)
            {
                return 0;
            }

            writer.Replace(person, person.WithDistinctIds(ids.Except(moving).ToArray()));
            var now = Timestamps.Now();
            foreach (var distinctId in moving)
            {
                var uuid = UuidFor(writer, person, distinctId);
                writer.Add(new Person(writer.NextId(), uuid, now, null, false, [distinctId],
                    EmptyProperties, default));
            }

            return moving.Length;
        });
    }

    private static Guid UuidFor(PersonStoreWriter writer, Person original, string distinctId)
    {
        var uuid = PersonUuids.FromDistinctId(writer.ProjectId, distinctId);
        if (uuid != original.Uuid && writer.FindByUuid(uuid) is null)
        {
            return uuid;
        }

        uuid = PersonUuids.ForSplit(writer.ProjectId, distinctId);
        return writer.FindByUuid(uuid) is null ? uuid : Guid.NewGuid();
    }
}
