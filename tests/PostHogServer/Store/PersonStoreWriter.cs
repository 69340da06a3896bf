namespace PostHogServer.Store;

/// <summary>
/// Changes made under the store's write lock. Replacements are written into the ordered array
/// in place; additions and removals are merged into a new array once, at commit.
/// </summary>
public sealed class PersonStoreWriter
{
    private static readonly IComparer<Person> NewestFirst =
        Comparer<Person>.Create(Person.CompareNewestFirst);

    private readonly PersonStore store;
    private readonly Dictionary<long, Person> added = new();
    private readonly HashSet<long> removed = new();
    private bool changed;

    internal PersonStoreWriter(PersonStore store)
    {
        this.store = store;
    }

    /// <summary>The project id.</summary>
    public long ProjectId => store.ProjectId;

    /// <summary>Finds a person by id, including ones added in this change.</summary>
    public Person? FindById(long id) => store.ById.GetValueOrDefault(id);

    /// <summary>Finds a person by UUID.</summary>
    public Person? FindByUuid(Guid uuid) => store.ByUuid.GetValueOrDefault(uuid);

    /// <summary>Finds the owner of a distinct id.</summary>
    public Person? FindByDistinctId(string distinctId) =>
        store.ByDistinctId.GetValueOrDefault(distinctId);

    /// <summary>Reserves the next integer id.</summary>
    public long NextId() => store.TakeNextId();

    /// <summary>Adds a new person and indexes its distinct ids.</summary>
    public void Add(Person person)
    {
        store.ById[person.Id] = person;
        store.ByUuid[person.Uuid] = person;
        foreach (var distinctId in person.DistinctIds)
        {
            store.ByDistinctId[distinctId] = person;
        }

        added[person.Id] = person;
        changed = true;
    }

    /// <summary>
    /// Replaces a stored person by a newer instance with the same id and created_at.
    /// </summary>
    public void Replace(Person current, Person next)
    {
        foreach (var distinctId in current.DistinctIds)
        {
            if (store.ByDistinctId.TryGetValue(distinctId, out var owner) && owner.Id == current.Id)
            {
                store.ByDistinctId.Remove(distinctId);
            }
        }

        foreach (var distinctId in next.DistinctIds)
        {
            store.ByDistinctId[distinctId] = next;
        }

        store.ById[next.Id] = next;
        store.ByUuid[next.Uuid] = next;
        if (added.ContainsKey(next.Id))
        {
            added[next.Id] = next;
        }
        else
        {
            var order = store.Ordered;
            var index = Array.BinarySearch(order, current, NewestFirst);
            if (index >= 0)
            {
                order[index] = next;
            }
        }

        changed = true;
    }

    /// <summary>Removes a person and frees its distinct ids.</summary>
    public void Remove(Person person)
    {
        var current = store.ById.GetValueOrDefault(person.Id);
        if (current is null)
        {
            return;
        }

        store.ById.Remove(current.Id);
        store.ByUuid.Remove(current.Uuid);
        foreach (var distinctId in current.DistinctIds)
        {
            if (store.ByDistinctId.TryGetValue(distinctId, out var owner) && owner.Id == current.Id)
            {
                store.ByDistinctId.Remove(distinctId);
            }
        }

        if (!added.Remove(current.Id))
        {
            removed.Add(current.Id);
        }

        changed = true;
    }

    internal void Commit()
    {
        if (!changed)
        {
            return;
        }

        if (added.Count == 0 && removed.Count == 0)
        {
            store.Publish(null);
            return;
        }

        store.Publish(Merge(store.Ordered));
    }

    private Person[] Merge(Person[] current)
    {
        var additions = added.Values.ToArray();
        Array.Sort(additions, Person.CompareNewestFirst);
        var result = new Person[current.Length - removed.Count + additions.Length];
        int from = 0, next = 0, write = 0;
        while (from < current.Length || next < additions.Length)
        {
            if (from < current.Length && removed.Contains(current[from].Id))
            {
                from++;
                continue;
            }

            var takeAddition = from >= current.Length || (next < additions.Length
                && Person.CompareNewestFirst(additions[next], current[from]) < 0);
            result[write++] = takeAddition ? additions[next++] : current[from++];
        }

        return result;
    }
}
