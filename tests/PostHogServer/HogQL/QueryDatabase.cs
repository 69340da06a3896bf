using System.Text;
using Microsoft.Data.Sqlite;
using PostHogServer.Store;

namespace PostHogServer.HogQL;

/// <summary>
/// An in-memory SQLite copy of one project's persons (tables <c>persons</c> and
/// <c>person_distinct_ids</c>) that HogQL queries run on. It is built at the first query and
/// rebuilt whenever the person store's version has moved since, so a query always sees the
/// persons as they are. One copy per project; a reseeded project replaces (and frees) the old.
/// </summary>
public sealed class QueryDatabase : IDisposable
{
    private static readonly object RegistryGate = new();
    private static readonly Dictionary<long, QueryDatabase> ByProject = new();

    private readonly object gate = new();
    private readonly PersonStore store;
    private SqliteConnection? connection;
    private long version = -1;
    private bool disposed;

    private QueryDatabase(PersonStore store)
    {
        this.store = store;
    }

    /// <summary>The copy of <paramref name="store"/>'s persons.</summary>
    public static QueryDatabase For(PersonStore store)
    {
        QueryDatabase? replaced = null;
        QueryDatabase database;
        lock (RegistryGate)
        {
            if (!ByProject.TryGetValue(store.ProjectId, out database!) || !ReferenceEquals(database.store, store))
            {
                replaced = database;
                database = new QueryDatabase(store);
                ByProject[store.ProjectId] = database;
            }
        }

        replaced?.Dispose();
        return database;
    }

    /// <summary>
    /// Runs <paramref name="statement"/> on an up-to-date copy and hands each row to
    /// <paramref name="onRow"/>. SQLite errors become HogQL errors (400).
    /// </summary>
    public void Execute(SqlStatement statement, Action<SqliteDataReader> onRow)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            Sync();
            using var command = connection!.CreateCommand();
            command.CommandText = statement.Sql;
            for (var i = 0; i < statement.Parameters.Count; i++)
            {
                command.Parameters.AddWithValue("@p" + i, statement.Parameters[i] ?? DBNull.Value);
            }

            try
            {
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    onRow(reader);
                }
            }
            catch (SqliteException exception)
            {
                throw new HogQLException(exception.Message.Replace("SQLite Error 1: ", "", StringComparison.Ordinal));
            }
        }
    }

    /// <summary>Frees the copy.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            connection?.Dispose();
            connection = null;
        }
    }

    private void Sync()
    {
        var current = store.Version;
        if (connection is not null && current == version)
        {
            return;
        }

        var persons = store.Ordered;
        var fresh = new SqliteConnection("Data Source=:memory:");
        fresh.Open();
        SqlFunctions.Register(fresh);
        Fill(fresh, persons, store.ProjectId);
        connection?.Dispose();
        connection = fresh;
        version = current;
    }

    private static void Fill(SqliteConnection target, Person[] persons, long teamId)
    {
        Run(target, """
            CREATE TABLE persons (
                id TEXT PRIMARY KEY, team_id INTEGER NOT NULL, created_at TEXT NOT NULL,
                is_identified INTEGER NOT NULL, properties TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE person_distinct_ids (
                distinct_id TEXT NOT NULL, person_id TEXT NOT NULL, team_id INTEGER NOT NULL);
            """);
        using (var transaction = target.BeginTransaction())
        {
            using var insertPerson = target.CreateCommand();
            insertPerson.CommandText = "INSERT INTO persons VALUES (@id, @team, @created, @identified, @properties)";
            var id = insertPerson.Parameters.Add("@id", SqliteType.Text);
            insertPerson.Parameters.AddWithValue("@team", teamId);
            var created = insertPerson.Parameters.Add("@created", SqliteType.Text);
            var identified = insertPerson.Parameters.Add("@identified", SqliteType.Integer);
            var properties = insertPerson.Parameters.Add("@properties", SqliteType.Text);
            using var insertId = target.CreateCommand();
            insertId.CommandText = "INSERT INTO person_distinct_ids VALUES (@distinct, @person, @team)";
            var distinct = insertId.Parameters.Add("@distinct", SqliteType.Text);
            var owner = insertId.Parameters.Add("@person", SqliteType.Text);
            insertId.Parameters.AddWithValue("@team", teamId);
            insertPerson.Prepare();
            insertId.Prepare();
            foreach (var person in persons)
            {
                id.Value = person.UuidText;
                created.Value = SqlFunctions.Store(person.CreatedAt);
                identified.Value = person.IsIdentified ? 1 : 0;
                properties.Value = Encoding.UTF8.GetString(person.Properties);
                insertPerson.ExecuteNonQuery();
                owner.Value = person.UuidText;
                foreach (var distinctId in person.DistinctIds)
                {
                    distinct.Value = distinctId;
                    insertId.ExecuteNonQuery();
                }
            }

            transaction.Commit();
        }

        Run(target, """
            CREATE INDEX pdi_person ON person_distinct_ids (person_id);
            CREATE INDEX pdi_distinct ON person_distinct_ids (distinct_id);
            """);
    }

    private static void Run(SqliteConnection target, string sql)
    {
        using var command = target.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
