namespace PostHogServer.Api;

/// <summary>Handles one persons action.</summary>
public delegate ApiResult PersonHandler(ApiContext context);

/// <summary>
/// A persons viewset action: DRF's action name, the scopes a scoped key needs (null when the
/// action derives none, which refuses scoped keys), and the handler.
/// </summary>
public sealed record PersonAction(string Name, string[]? RequiredScopes, PersonHandler Handler)
{
    /// <summary>True for the list action, the only one list faults apply to.</summary>
    public bool IsList => Name == "list";
}
