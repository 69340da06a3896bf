using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PostHogServer.Json;

/// <summary>
/// JSON settings shared by the server. Output keeps non-ASCII text as UTF-8, like PostHog's
/// orjson renderer, instead of escaping it.
/// </summary>
public static class JsonSettings
{
    /// <summary>Writer options for every response body.</summary>
    public static readonly JsonWriterOptions Writer = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    /// <summary>Serializer options used when a JSON node is turned back into text.</summary>
    public static readonly JsonSerializerOptions Serializer = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Parse options: allow duplicate-free objects only, keep key case.</summary>
    public static readonly JsonNodeOptions Nodes = new() { PropertyNameCaseInsensitive = false };

    /// <summary>
    /// Parses request JSON; throws <see cref="JsonException"/> on malformed input.
    /// </summary>
    public static JsonNode? Parse(ReadOnlySpan<byte> utf8)
    {
        return JsonNode.Parse(utf8, Nodes, new JsonDocumentOptions { MaxDepth = 256 });
    }

    /// <summary>Serializes a node as compact UTF-8 JSON.</summary>
    public static byte[] ToUtf8(JsonNode? node)
    {
        return JsonBuffer.Build(writer =>
        {
            if (node is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                node.WriteTo(writer, Serializer);
            }
        });
    }
}
