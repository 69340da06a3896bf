using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using PostHogServer.Json;

namespace PostHogServer.Api;

/// <summary>
/// An incoming request with its body read, and the raw URL parts the client sent.
/// </summary>
public sealed class ApiRequest
{
    private const int LoggedBodyLimit = 1024 * 1024;

    private ApiRequest(HttpContext http, byte[] body)
    {
        Http = http;
        Body = body;
        var rawTarget = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        var queryStart = rawTarget.IndexOf('?');
        RawPath = queryStart < 0 ? rawTarget : rawTarget[..queryStart];
        RawQuery = http.Request.QueryString.Value ?? "";
        RawTarget = rawTarget;
    }

    /// <summary>The ASP.NET context.</summary>
    public HttpContext Http { get; }

    /// <summary>Upper-case HTTP method.</summary>
    public string Method => Http.Request.Method;

    /// <summary>Decoded path used for routing.</summary>
    public string Path => Http.Request.Path.Value ?? "/";

    /// <summary>Path exactly as sent, without the query.</summary>
    public string RawPath { get; }

    /// <summary>Query string as sent, with its leading '?', or "".</summary>
    public string RawQuery { get; }

    /// <summary>Path and query exactly as sent.</summary>
    public string RawTarget { get; }

    /// <summary>Host header as sent.</summary>
    public string Host => Http.Request.Headers.Host.ToString();

    /// <summary>
    /// The absolute URL as Django's build_absolute_uri makes it (scheme, Host header, raw target).
    /// </summary>
    public string AbsoluteUrl => Http.Request.Scheme + "://" + Host + RawTarget;

    /// <summary>
    /// Kind of the fault chosen for this request, once chosen (for the request log).
    /// </summary>
    public string? FaultApplied { get; set; }

    /// <summary>Body bytes (decompressed when gzip-encoded).</summary>
    public byte[] Body { get; }

    /// <summary>Authorization header, or null.</summary>
    public string? Authorization => Http.Request.Headers.Authorization.Count == 0
        ? null
        : Http.Request.Headers.Authorization.ToString();

    /// <summary>Aborted when the client goes away.</summary>
    public CancellationToken Aborted => Http.RequestAborted;

    /// <summary>Body as text for the request log (null when empty).</summary>
    public string? BodyTextForLog => Body.Length == 0
        ? null
        : Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, LoggedBodyLimit));

    /// <summary>Reads the request body.</summary>
    public static async Task<ApiRequest> ReadAsync(HttpContext http)
    {
        using var memory = new MemoryStream();
        await http.Request.Body.CopyToAsync(memory, http.RequestAborted);
        var body = memory.ToArray();
        if (body.Length > 0 && IsGzip(http, body))
        {
            body = Gunzip(body);
        }

        return new ApiRequest(http, body);
    }

    /// <summary>The last value of a query parameter (Django's QueryDict.get), or null.</summary>
    public string? Query(string name)
    {
        var values = Http.Request.Query[name];
        return values.Count == 0 ? null : values[^1];
    }

    /// <summary>Whether a query parameter is present at all (any value).</summary>
    public bool HasQuery(string name) => Http.Request.Query.ContainsKey(name);

    /// <summary>
    /// Parses the body as DRF's JSONParser would: empty body → empty object; non-JSON media
    /// type → 415; malformed → 400 parse_error. <paramref name="data"/> is null when the JSON is
    /// valid but not an object (PostHog then fails with a 500).
    /// </summary>
    public ApiError? ReadJson(out JsonObject? data)
    {
        data = new JsonObject();
        if (Body.Length == 0)
        {
            return null;
        }

        var mediaType = MediaType();
        if (!mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            data = null;
            return ApiError.UnsupportedMediaType(mediaType);
        }

        try
        {
            var node = JsonSettings.Parse(Body);
            data = node as JsonObject;
            return data is null ? ApiError.ServerError() : null;
        }
        catch (JsonException exception)
        {
            data = null;
            return ApiError.ParseError(exception.Message);
        }
    }

    private string MediaType()
    {
        var contentType = Http.Request.ContentType ?? "";
        var semicolon = contentType.IndexOf(';');
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
    }

    private static bool IsGzip(HttpContext http, byte[] body)
    {
        var encoding = http.Request.Headers.ContentEncoding;
        var compression = http.Request.Query["compression"];
        return (StringValues.IsNullOrEmpty(encoding) ? "" : encoding.ToString())
            .Contains("gzip", StringComparison.OrdinalIgnoreCase)
            || (compression.Count > 0 && compression[^1] == "gzip-js")
            || (body.Length > 2 && body[0] == 0x1F && body[1] == 0x8B);
    }

    private static byte[] Gunzip(byte[] body)
    {
        try
        {
            using var input = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
            using var output = new MemoryStream();
            input.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException)
        {
            return body;
        }
    }
}
