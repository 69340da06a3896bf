using PostHogServer.Store;

namespace PostHogServer.Auth;

/// <summary>
/// A personal API key. An empty scope list is a legacy key that may do everything; "*" allows
/// every action that derives a scope. Projects, when given, restrict scoped keys to them.
/// </summary>
public sealed record ApiKey(string Value, string[] Scopes, long[] Projects, ApiUser User)
{
    /// <summary>True for keys without scopes, which skip all scope and project checks.</summary>
    public bool IsLegacy => Scopes.Length == 0;
}
