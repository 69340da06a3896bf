using PostHogServer.Store;

namespace PostHogServer.Capture;

/// <summary>
/// Applies captured events to persons the way PostHog's ingestion does, simplified: the
/// distinct id finds (or creates) the person, property operations change it, and $identify
/// with $anon_distinct_id links or merges the anonymous person.
/// </summary>
public static class Ingestion
{
    private static readonly byte[] EmptyProperties = "{}"u8.ToArray();

    /// <summary>Applies events in order, as one change of the store.</summary>
    public static void Apply(Project project, IReadOnlyList<CaptureEvent> events)
    {
        project.Persons.Change(writer =>
        {
            foreach (var change in events)
            {
                if (change.ProcessPersonProfile)
                {
                    ApplyOne(writer, change);
                }
            }

            return 0;
        });
    }

    private static void ApplyOne(PersonStoreWriter writer, CaptureEvent change)
    {
        var person = writer.FindByDistinctId(change.DistinctId);
        if (change.IsIdentify && change.AnonymousDistinctId is { } anonymousId
            && anonymousId != change.DistinctId)
        {
            person = Link(writer, person, change.DistinctId, anonymousId, change.Timestamp);
        }

        person ??= Create(writer, change.DistinctId, change.Timestamp);
        var properties = PropertyMerge.Apply(person.Properties, change);
        var next = properties is null ? person : person.WithProperties(properties);
        if (change.IsIdentify && !next.IsIdentified)
        {
            next = next.WithActivity(true, next.LastSeenAt);
        }

        if (!ReferenceEquals(next, person))
        {
            writer.Replace(person, next);
        }
    }

    private static Person Create(PersonStoreWriter writer, string distinctId, DateTime timestamp)
    {
        var uuid = PersonUuids.FromDistinctId(writer.ProjectId, distinctId);
        if (writer.FindByUuid(uuid) is not null)
        {
            uuid = Guid.NewGuid();
        }

        var person = new Person(writer.NextId(), uuid, timestamp, timestamp, false, [distinctId],
            EmptyProperties, default);
        writer.Add(person);
        return person;
    }

    /// <summary>
    /// Attaches the anonymous id to the identified person, merging two persons if needed.
    /// </summary>
    private static Person Link(
        PersonStoreWriter writer,
        Person? identified,
        string distinctId,
        string anonymousId,
        DateTime timestamp)
    {
        var anonymous = writer.FindByDistinctId(anonymousId);
        if (identified is null && anonymous is null)
        {
            identified = Create(writer, distinctId, timestamp);
        }

        if (identified is null)
        {
            var linked = anonymous!.WithDistinctIds([.. anonymous.DistinctIds, distinctId]);
            writer.Replace(anonymous, linked);
            return linked;
        }

        if (anonymous is null)
        {
            var linked = identified.WithDistinctIds([.. identified.DistinctIds, anonymousId]);
            writer.Replace(identified, linked);
            return linked;
        }

        if (anonymous.Id == identified.Id || anonymous.IsIdentified)
        {
            return identified;
        }

        writer.Remove(anonymous);
        var merged = identified
            .WithDistinctIds([.. identified.DistinctIds, .. anonymous.DistinctIds])
            .WithProperties(PropertyMerge.Combine(anonymous.Properties, identified.Properties));
        writer.Replace(identified, merged);
        return merged;
    }
}
