using PostHogServer.Api;
using PostHogServer.Store;

namespace PostHogServer.Auth;

/// <summary>
/// PostHog's API-scope permission for personal keys: legacy keys pass; actions without a
/// derived scope refuse scoped keys; project-restricted keys must match; "*" passes; a
/// ":write" scope also satisfies ":read".
/// </summary>
public static class Permissions
{
    /// <summary>The 403 to send, or null when the key may run the action.</summary>
    public static ApiError? Check(ApiKey key, PersonAction? action, Project project)
    {
        if (key.IsLegacy)
        {
            return null;
        }

        if (action?.RequiredScopes is not { } required)
        {
            return ApiError.PermissionDenied("This action does not support Personal API Key access");
        }

        if (key.Projects.Length > 0 && !key.Projects.Contains(project.Id))
        {
            return ApiError.PermissionDenied(
                $"API key does not have access to the requested project: ID {project.Id}.");
        }

        if (key.Scopes.Contains("*"))
        {
            return null;
        }

        foreach (var scope in required)
        {
            var isRead = scope.EndsWith(":read", StringComparison.Ordinal);
            var satisfied = key.Scopes.Contains(scope)
                || (isRead && key.Scopes.Contains(scope[..^":read".Length] + ":write"));
            if (!satisfied)
            {
                return ApiError.PermissionDenied($"API key missing required scope '{scope}'");
            }
        }

        return null;
    }
}
