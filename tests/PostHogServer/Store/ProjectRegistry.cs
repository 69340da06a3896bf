using System.Globalization;
using PostHogServer.Seeding;

namespace PostHogServer.Store;

/// <summary>
/// The projects the server knows. The main project holds the seeded persons; more projects
/// can be added for access tests. Replaced wholesale on reset.
/// </summary>
public sealed class ProjectRegistry
{
    private readonly object gate = new();
    private Dictionary<long, Project> projects = new();
    private Project main = null!;

    /// <summary>The project that "@current" and the default token refer to.</summary>
    public Project Main => main;

    /// <summary>
    /// Reseeds: one main project with <paramref name="count"/> persons, nothing else.
    /// </summary>
    public void Reset(int count, int seed, long projectId, string token)
    {
        var persons = PersonSeeder.Generate(count, seed, projectId);
        var project = new Project(new PersonStore(projectId, persons), token);
        lock (gate)
        {
            projects = new Dictionary<long, Project> { [projectId] = project };
            main = project;
        }
    }

    /// <summary>Adds (or reseeds) another project.</summary>
    public Project Add(long projectId, int count, int seed, string? token)
    {
        var persons = PersonSeeder.Generate(count, seed, projectId);
        var project = new Project(new PersonStore(projectId, persons),
            token ?? "phc_test_project_token_" + projectId.ToString(CultureInfo.InvariantCulture));
        lock (gate)
        {
            projects[projectId] = project;
            if (projectId == main.Id)
            {
                main = project;
            }
        }

        return project;
    }

    /// <summary>Resolves the id segment of a URL ("@current" or an integer).</summary>
    public Project? Resolve(string segment)
    {
        if (segment == "@current")
        {
            return main;
        }

        if (!long.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }

        lock (gate)
        {
            return projects.GetValueOrDefault(id);
        }
    }

    /// <summary>Finds the project whose capture token this is.</summary>
    public Project? FindByToken(string token)
    {
        lock (gate)
        {
            return projects.Values.FirstOrDefault(p => p.Token == token);
        }
    }

    /// <summary>All projects.</summary>
    public Project[] All()
    {
        lock (gate)
        {
            return projects.Values.OrderBy(p => p.Id).ToArray();
        }
    }
}
