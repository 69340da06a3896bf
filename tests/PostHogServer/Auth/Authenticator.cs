using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PostHogServer.Api;
using PostHogServer.Json;

namespace PostHogServer.Auth;

/// <summary>
/// Finds the personal API key like PostHog: "Authorization: Bearer &lt;key&gt;" first, then a
/// "personal_api_key" body field, then the query parameter of that name.
/// </summary>
public static partial class Authenticator
{
    /// <summary>The key, or the 401 error to send.</summary>
    public static ApiError? Authenticate(ApiRequest request, KeyRegistry keys, out ApiKey? key)
    {
        key = null;
        var found = FindKey(request);
        if (found is not var (value, source))
        {
            return ApiError.NotAuthenticated();
        }

        key = keys.Find(value);
        return key is null ? ApiError.InvalidKey(source) : null;
    }

    private static (string Value, string Source)? FindKey(ApiRequest request)
    {
        var header = request.Authorization;
        if (header is not null)
        {
            var match = BearerPattern().Match(header);
            if (match.Success)
            {
                return (match.Groups[1].Value.Trim(), "Authorization header");
            }
        }

        if (BodyKey(request) is { } fromBody)
        {
            return (fromBody, "body");
        }

        var fromQuery = request.Query("personal_api_key");
        return fromQuery is null ? null : (fromQuery, "query string");
    }

    private static string? BodyKey(ApiRequest request)
    {
        if (request.Body.Length == 0 || request.Body[0] != (byte)'{')
        {
            return null;
        }

        try
        {
            var body = JsonSettings.Parse(request.Body) as JsonObject;
            var value = body?["personal_api_key"];
            return value is null ? null : value.GetValueKind() == JsonValueKind.String
                ? value.GetValue<string>()
                : value.ToJsonString();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^Bearer\s+(\S.+)$")]
    private static partial Regex BearerPattern();
}
