using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using PostHogServer.Api;

namespace PostHogServer.Faults;

/// <summary>
/// Responses that replace the real one: chosen statuses, proxy pages, login pages.
/// </summary>
public static class FaultResponses
{
    /// <summary>The response of a status, html, loginPage or echoHeaders fault.</summary>
    public static ApiResult For(FaultRule rule, ApiRequest request)
    {
        var method = request.Method;
        return rule.Kind switch
        {
            FaultKind.Html => Html(rule.Status ?? 502),
            FaultKind.EchoHeaders => EchoHeaders(rule.Status ?? 502, request.Http.Request.Headers),
            FaultKind.LoginPage => new ApiResult
            {
                Status = 200,
                ContentType = "text/html; charset=utf-8",
                Body = Encoding.UTF8.GetBytes(LoginPage),
            },
            _ => Status(rule, method),
        };
    }

    private static ApiResult Status(FaultRule rule, string method)
    {
        var status = rule.Status ?? 500;
        var body = rule.Body is null
            ? DefaultError(status, method, rule.Headers).ToResult().Body
            : Encoding.UTF8.GetBytes(rule.Body);
        var result = new ApiResult
        {
            Status = status,
            ContentType = rule.ContentType ?? ApiResult.JsonContentType,
            Body = body,
        };
        foreach (var (name, value) in rule.Headers)
        {
            result.WithHeader(name, value);
        }

        return result;
    }

    /// <summary>
    /// PostHog's error JSON for a status, as its exception handler would send it.
    /// </summary>
    public static ApiError DefaultError(
        int status,
        string method,
        IReadOnlyDictionary<string, string> headers)
    {
        return status switch
        {
            400 => ApiError.Validation("Invalid input."),
            401 => ApiError.NotAuthenticated(),
            403 => ApiError.PermissionDenied("You do not have permission to perform this action."),
            404 => ApiError.NotFound(),
            405 => ApiError.MethodNotAllowed(method),
            415 => ApiError.UnsupportedMediaType("text/plain"),
            429 => ApiError.Throttled(RetryAfterSeconds(headers)),
            500 => ApiError.ServerError(),
            _ => new ApiError(status, status >= 500 ? "server_error" : "invalid_request",
                "error", ReasonText(status)),
        };
    }

    private static int RetryAfterSeconds(IReadOnlyDictionary<string, string> headers)
    {
        var header = headers.FirstOrDefault(
            h => h.Key.Equals("Retry-After", StringComparison.OrdinalIgnoreCase));
        return int.TryParse(header.Value, out var seconds) && seconds > 0 ? seconds : 1;
    }

    private static string ReasonText(int status)
    {
        var reason = ReasonPhrases.GetReasonPhrase(status);
        return reason.Length > 0 ? reason + "." : "Error.";
    }

    private static ApiResult Html(int status)
    {
        var reason = ReasonPhrases.GetReasonPhrase(status);
        var page = $"<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n"
            + $"<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n"
            + "</body>\r\n</html>\r\n";
        return new ApiResult
        {
            Status = status,
            ContentType = "text/html",
            Body = Encoding.UTF8.GetBytes(page),
        };
    }

    private static ApiResult EchoHeaders(int status, IHeaderDictionary headers)
    {
        var page = new StringBuilder();
        page.Append("<html><body><h1>").Append(status).Append(" Upstream error</h1><pre>\n");
        foreach (var (name, values) in headers.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            page.Append(name).Append(": ").Append(values.ToString()).Append('\n');
        }

        page.Append("</pre></body></html>\n");
        return new ApiResult
        {
            Status = status,
            ContentType = "text/html",
            Body = Encoding.UTF8.GetBytes(page.ToString()),
        };
    }

    private const string LoginPage = """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Log in • PostHog</title></head>
        <body>
        <div id="root"><form method="post" action="/login">
        <h1>Log in to PostHog</h1>
        <label>Email <input type="email" name="email"></label>
        <label>Password <input type="password" name="password"></label>
        <button type="submit">Log in</button>
        </form></div>
        </body>
        </html>
        """;
}
