namespace PostHogServer.Store;

/// <summary>
/// One project (team): its persons, activity log, deletion queue and capture token.
/// </summary>
public sealed class Project
{
    /// <summary>Creates a project around a person store.</summary>
    public Project(PersonStore persons, string token)
    {
        Persons = persons;
        Token = token;
    }

    /// <summary>Project (team) id.</summary>
    public long Id => Persons.ProjectId;

    /// <summary>Project API token accepted by the capture endpoints.</summary>
    public string Token { get; set; }

    /// <summary>The persons.</summary>
    public PersonStore Persons { get; }

    /// <summary>Activity log entries.</summary>
    public ActivityLog Activity { get; } = new();

    /// <summary>Queued event and recording deletions.</summary>
    public DeletionQueue Deletions { get; } = new();
}
