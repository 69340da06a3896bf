using System.Text.Json;
using PostHogServer.Json;

namespace PostHogServer.Api;

/// <summary>
/// A response before it is written: status, content type, body bytes and headers.
/// </summary>
public sealed class ApiResult
{
    private readonly int length = -1;

    /// <summary>JSON content type used by PostHog's API.</summary>
    public const string JsonContentType = "application/json";

    /// <summary>HTTP status code.</summary>
    public int Status { get; init; } = 200;

    /// <summary>Content-Type header value.</summary>
    public string ContentType { get; init; } = JsonContentType;

    /// <summary>Body bytes; empty for no body. Only the first <see cref="Length"/> bytes count.</summary>
    public byte[] Body { get; init; } = [];

    /// <summary>Body length; -1 means all of <see cref="Body"/>.</summary>
    public int Length
    {
        get => length < 0 ? Body.Length : length;
        init => length = value;
    }

    /// <summary>True when <see cref="Body"/> was rented from the shared array pool.</summary>
    public bool Pooled { get; init; }

    /// <summary>The body bytes that count.</summary>
    public ReadOnlyMemory<byte> Content => Body.AsMemory(0, Length);

    /// <summary>Extra response headers.</summary>
    public List<KeyValuePair<string, string>> Headers { get; } = new();

    /// <summary>A JSON response from ready bytes.</summary>
    public static ApiResult Json(int status, byte[] body) => new() { Status = status, Body = body };

    /// <summary>A JSON response written by <paramref name="write"/>.</summary>
    public static ApiResult Json(int status, Action<Utf8JsonWriter> write)
    {
        return new ApiResult { Status = status, Body = JsonBuffer.Build(write) };
    }

    /// <summary>A response without a body (DRF still labels it application/json).</summary>
    public static ApiResult Empty(int status) => new() { Status = status };

    /// <summary>{"success": true} with the given status.</summary>
    public static ApiResult Success(int status)
    {
        return Json(status, writer =>
        {
            writer.WriteStartObject();
            writer.WriteBoolean("success", true);
            writer.WriteEndObject();
        });
    }

    /// <summary>Adds a header and returns this result.</summary>
    public ApiResult WithHeader(string name, string value)
    {
        Headers.Add(new KeyValuePair<string, string>(name, value));
        return this;
    }
}
