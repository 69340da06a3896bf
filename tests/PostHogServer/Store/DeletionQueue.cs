namespace PostHogServer.Store;

/// <summary>A queued deletion of a person's events (an AsyncDeletion row of type Person).</summary>
public sealed record QueuedDeletion(long Sequence, string PersonUuid, DateTime CreatedAt);

/// <summary>
/// Event and recording deletions queued by delete/bulk_delete. Event deletions are unique per
/// person, like PostHog's insert-ignore-conflicts. Completion is computed at read time.
/// </summary>
public sealed class DeletionQueue
{
    private readonly object gate = new();
    private readonly List<QueuedDeletion> events = new();
    private readonly HashSet<string> queuedEventKeys = new(StringComparer.Ordinal);
    private readonly List<QueuedDeletion> recordings = new();
    private long sequence;

    /// <summary>Queues event deletion for a person unless already queued.</summary>
    public void QueueEvents(string personUuid, DateTime now)
    {
        lock (gate)
        {
            if (queuedEventKeys.Add(personUuid))
            {
                events.Add(new QueuedDeletion(++sequence, personUuid, now));
            }
        }
    }

    /// <summary>Queues recording deletion for a person.</summary>
    public void QueueRecordings(string personUuid, DateTime now)
    {
        lock (gate)
        {
            recordings.Add(new QueuedDeletion(++sequence, personUuid, now));
        }
    }

    /// <summary>Event deletions, newest first.</summary>
    public QueuedDeletion[] EventDeletionsNewestFirst()
    {
        lock (gate)
        {
            return events.OrderByDescending(d => d.CreatedAt)
                .ThenByDescending(d => d.Sequence)
                .ToArray();
        }
    }

    /// <summary>Recording deletions, oldest first.</summary>
    public QueuedDeletion[] RecordingDeletions()
    {
        lock (gate)
        {
            return recordings.ToArray();
        }
    }

    /// <summary>When the deletion counts as verified; null while pending.</summary>
    public static DateTime? VerifiedAt(QueuedDeletion deletion, int completeAfterMs, DateTime now)
    {
        if (completeAfterMs < 0)
        {
            return null;
        }

        var verified = deletion.CreatedAt.AddMilliseconds(completeAfterMs);
        return now >= verified ? verified : null;
    }
}
