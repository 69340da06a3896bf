namespace PostHogServer.Control;

/// <summary>
/// The test-control surface under /_test/: never logged, never faulted, never rate limited,
/// no authentication. Each group of endpoints lives in its own class.
/// </summary>
public static class ControlEndpoints
{
    /// <summary>Maps all control endpoints.</summary>
    public static void Map(WebApplication app, ServerState state)
    {
        var data = new DataControl(state);
        app.MapPost("/_test/reset", data.ResetAsync);
        app.MapGet("/_test/stats", data.StatsAsync);
        app.MapGet("/_test/persons/{key}", data.PersonAsync);
        app.MapGet("/_test/activity", data.ActivityAsync);
        app.MapGet("/_test/deletions", data.DeletionsAsync);
        app.MapGet("/_test/projects", data.ProjectsAsync);
        app.MapPost("/_test/projects", data.AddProjectAsync);

        var settings = new SettingsControl(state);
        app.MapGet("/_test/config", settings.ConfigAsync);
        app.MapPost("/_test/config", settings.UpdateConfigAsync);
        app.MapGet("/_test/keys", settings.KeysAsync);
        app.MapPost("/_test/keys", settings.AddKeyAsync);
        app.MapGet("/_test/requests", settings.RequestsAsync);
        app.MapDelete("/_test/requests", settings.ClearRequestsAsync);
        app.MapGet("/_test/faults", settings.FaultsAsync);
        app.MapPost("/_test/faults", settings.AddFaultAsync);
        app.MapDelete("/_test/faults", settings.ClearFaultsAsync);
    }
}
