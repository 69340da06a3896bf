using System.Text.Json;

namespace PostHogServer.Api;

/// <summary>
/// An error in drf-exceptions-hog's shape {"type","code","detail","attr"}. Factories hold the
/// exact texts PostHog (and DRF underneath it) sends.
/// </summary>
public sealed record ApiError(int Status, string Type, string Code, string Detail, string? Attr = null)
{
    /// <summary>401 when no key was sent.</summary>
    public static ApiError NotAuthenticated() => new(401, "authentication_error",
        "not_authenticated", "Authentication credentials were not provided.");

    /// <summary>
    /// 401 for an unknown personal API key; <paramref name="source"/> names where it was found.
    /// </summary>
    public static ApiError InvalidKey(string source) => new(401, "authentication_error",
        "authentication_failed", $"Personal API key found in request {source} is invalid.");

    /// <summary>403 permission denied with a detail.</summary>
    public static ApiError PermissionDenied(string detail) =>
        new(403, "authentication_error", "permission_denied", detail);

    /// <summary>404 "Not found." (unknown person).</summary>
    public static ApiError NotFound(string detail = "Not found.") =>
        new(404, "invalid_request", "not_found", detail);

    /// <summary>404 for an /api/ path that matches no route.</summary>
    public static ApiError EndpointNotFound() => NotFound("Endpoint not found.");

    /// <summary>404 for an unknown project id.</summary>
    public static ApiError ProjectNotFound() => NotFound("Project not found.");

    /// <summary>405 with DRF's default text or a custom detail.</summary>
    public static ApiError MethodNotAllowed(string method, string? detail = null) =>
        new(405, "invalid_request", "method_not_allowed",
            detail ?? $"Method \"{method}\" not allowed.");

    /// <summary>400 validation error; code "invalid" is reported as "invalid_input".</summary>
    public static ApiError Validation(
        string detail,
        string? attr = null,
        string code = "invalid_input") => new(400, "validation_error", code, detail, attr);

    /// <summary>400 for a body that is not valid JSON.</summary>
    public static ApiError ParseError(string message) =>
        new(400, "invalid_request", "parse_error", "JSON parse error - " + message);

    /// <summary>415 for a body that is not JSON.</summary>
    public static ApiError UnsupportedMediaType(string mediaType) => new(415, "invalid_request",
        "unsupported_media_type", $"Unsupported media type \"{mediaType}\" in request.");

    /// <summary>429 with DRF's throttle text.</summary>
    public static ApiError Throttled(int waitSeconds)
    {
        var unit = waitSeconds == 1 ? "second" : "seconds";
        return new ApiError(429, "throttled_error", "throttled",
            $"Request was throttled. Expected available in {waitSeconds} {unit}.");
    }

    /// <summary>500 for an unhandled exception.</summary>
    public static ApiError ServerError() =>
        new(500, "server_error", "error", "A server error occurred.");

    /// <summary>The response for this error.</summary>
    public ApiResult ToResult() => ApiResult.Json(Status, WriteTo);

    /// <summary>Writes the error object.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type", Type);
        writer.WriteString("code", Code);
        writer.WriteString("detail", Detail);
        writer.WriteString("attr", Attr);
        writer.WriteEndObject();
    }

    /// <summary>
    /// The hand-built 400 of PATCH and update_property, with code and detail swapped:
    /// {"attr": field, "code": "This field is required.", "detail": "required", ...}.
    /// </summary>
    public static ApiResult RequiredFieldSwapped(string attr)
    {
        return ApiResult.Json(400, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("attr", attr);
            writer.WriteString("code", "This field is required.");
            writer.WriteString("detail", "required");
            writer.WriteString("type", "validation_error");
            writer.WriteEndObject();
        });
    }
}
