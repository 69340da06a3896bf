using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using PostHogServer.Store;

namespace PostHogServer.HogQL;

/// <summary>
/// Per-project query state: how many queries run at once (PostHog allows 3 per team and
/// answers more with 429), and the async queries waiting to be polled.
/// </summary>
public sealed class QueryJobs
{
    /// <summary>Queries a project may run at once.</summary>
    public const int ConcurrencyLimit = 3;

    private static readonly ConditionalWeakTable<Project, QueryJobs> ByProject = new();

    private readonly ConcurrentDictionary<string, QueryJob> jobs = new(StringComparer.Ordinal);
    private int running;

    /// <summary>The state of <paramref name="project"/> (a reseeded project starts afresh).</summary>
    public static QueryJobs For(Project project) => ByProject.GetValue(project, _ => new QueryJobs());

    /// <summary>Takes a running slot, or returns null when <see cref="ConcurrencyLimit"/> run already.</summary>
    public IDisposable? TryEnter()
    {
        if (Interlocked.Increment(ref running) > ConcurrencyLimit)
        {
            Interlocked.Decrement(ref running);
            return null;
        }

        return new Slot(this);
    }

    /// <summary>Remembers an async query.</summary>
    public void Add(QueryJob job) => jobs[job.Id] = job;

    /// <summary>Finds an async query by id.</summary>
    public QueryJob? Find(string id) => jobs.GetValueOrDefault(id);

    /// <summary>Forgets an async query; false when it was not known.</summary>
    public bool Remove(string id) => jobs.TryRemove(id, out _);

    private sealed class Slot(QueryJobs owner) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                Interlocked.Decrement(ref owner.running);
            }
        }
    }
}

/// <summary>
/// An async query: its outcome is computed when it is submitted and revealed after the
/// configured number of polls (-1: never).
/// </summary>
public sealed class QueryJob
{
    private int pollsLeft;

    /// <summary>Creates a job that completes after <paramref name="polls"/> polls (-1: never).</summary>
    public QueryJob(string id, long teamId, int polls, byte[]? results, string? error)
    {
        Id = id;
        TeamId = teamId;
        pollsLeft = polls;
        Results = results;
        Error = error;
        StartTime = Json.Timestamps.Now();
    }

    /// <summary>The query id clients poll with.</summary>
    public string Id { get; }

    /// <summary>The project.</summary>
    public long TeamId { get; }

    /// <summary>The HogQLQueryResponse body, when the query succeeded.</summary>
    public byte[]? Results { get; }

    /// <summary>The HogQL error message, when it failed.</summary>
    public string? Error { get; }

    /// <summary>When it was submitted.</summary>
    public DateTime StartTime { get; }

    /// <summary>
    /// Counts one poll; true when the query is complete for this poll (the first N polls say
    /// it is not).
    /// </summary>
    public bool Poll()
    {
        while (true)
        {
            var left = Volatile.Read(ref pollsLeft);
            if (left < 0)
            {
                return false;
            }

            if (left == 0)
            {
                return true;
            }

            if (Interlocked.CompareExchange(ref pollsLeft, left - 1, left) == left)
            {
                return false;
            }
        }
    }
}
