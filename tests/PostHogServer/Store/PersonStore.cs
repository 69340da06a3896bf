namespace PostHogServer.Store;

/// <summary>
/// Thread-safe in-memory persons of one project. Readers take <see cref="Ordered"/> (newest
/// first) without locking; writers go through <see cref="Change{T}"/>, one at a time.
/// </summary>
public sealed class PersonStore
{
    private readonly object gate = new();
    private readonly Dictionary<long, Person> byId;
    private readonly Dictionary<Guid, Person> byUuid;
    private readonly Dictionary<string, Person> byDistinctId;
    private volatile Person[] ordered;
    private long nextId;
    private long version;

    /// <summary>
    /// Creates a store holding <paramref name="persons"/>; indexes are built in parallel.
    /// </summary>
    public PersonStore(long projectId, Person[] persons)
    {
        ProjectId = projectId;
        var sorted = (Person[])persons.Clone();
        var sorting = Task.Run(() => Array.Sort(sorted, Person.CompareNewestFirst));
        byId = new Dictionary<long, Person>(persons.Length);
        byUuid = new Dictionary<Guid, Person>(persons.Length);
        var indexingIds = Task.Run(() =>
        {
            foreach (var person in persons)
            {
                byId[person.Id] = person;
                byUuid[person.Uuid] = person;
            }
        });

        var distinctIdCount = 0;
        foreach (var person in persons)
        {
            distinctIdCount += person.DistinctIds.Length;
            nextId = Math.Max(nextId, person.Id);
        }

        byDistinctId = new Dictionary<string, Person>(distinctIdCount, StringComparer.Ordinal);
        foreach (var person in persons)
        {
            foreach (var distinctId in person.DistinctIds)
            {
                byDistinctId.TryAdd(distinctId, person);
            }
        }

        nextId++;
        Task.WaitAll(sorting, indexingIds);
        ordered = sorted;
    }

    /// <summary>The project (team) id.</summary>
    public long ProjectId { get; }

    /// <summary>
    /// All persons, newest first. Never modified in length; replaced on add/remove.
    /// </summary>
    public Person[] Ordered => ordered;

    /// <summary>Grows on every change; lets caches know when they are stale.</summary>
    public long Version => Interlocked.Read(ref version);

    /// <summary>Number of persons.</summary>
    public int Count => ordered.Length;

    /// <summary>Finds a person by integer id.</summary>
    public Person? FindById(long id)
    {
        lock (gate)
        {
            return byId.GetValueOrDefault(id);
        }
    }

    /// <summary>Finds a person by UUID.</summary>
    public Person? FindByUuid(Guid uuid)
    {
        lock (gate)
        {
            return byUuid.GetValueOrDefault(uuid);
        }
    }

    /// <summary>Finds the person that owns a distinct id.</summary>
    public Person? FindByDistinctId(string distinctId)
    {
        lock (gate)
        {
            return byDistinctId.GetValueOrDefault(distinctId);
        }
    }

    /// <summary>Runs a change while holding the write lock and publishes it atomically.</summary>
    public T Change<T>(Func<PersonStoreWriter, T> change)
    {
        lock (gate)
        {
            var writer = new PersonStoreWriter(this);
            var result = change(writer);
            writer.Commit();
            return result;
        }
    }

    internal Dictionary<long, Person> ById => byId;

    internal Dictionary<Guid, Person> ByUuid => byUuid;

    internal Dictionary<string, Person> ByDistinctId => byDistinctId;

    internal long TakeNextId() => nextId++;

    internal void Publish(Person[]? newOrder)
    {
        if (newOrder is not null)
        {
            ordered = newOrder;
        }

        Interlocked.Increment(ref version);
    }
}
