using System.Text.Json.Nodes;
using PostHogServer.Json;

namespace PostHogServer.Capture;

/// <summary>Applies $set_once, then $set, then $unset to a person's properties JSON.</summary>
public static class PropertyMerge
{
    /// <summary>The new properties, or null when nothing changes.</summary>
    public static byte[]? Apply(ReadOnlySpan<byte> current, CaptureEvent change)
    {
        var hasWork = change.Set is { Count: > 0 } || change.SetOnce is { Count: > 0 }
            || change.Unset is { Length: > 0 };
        if (!hasWork)
        {
            return null;
        }

        var properties = JsonSettings.Parse(current) as JsonObject ?? new JsonObject();
        foreach (var (key, value) in change.SetOnce ?? [])
        {
            if (!properties.ContainsKey(key))
            {
                properties[key] = value?.DeepClone();
            }
        }

        foreach (var (key, value) in change.Set ?? [])
        {
            properties[key] = value?.DeepClone();
        }

        foreach (var key in change.Unset ?? [])
        {
            properties.Remove(key);
        }

        var updated = JsonSettings.ToUtf8(properties);
        return updated.AsSpan().SequenceEqual(current) ? null : updated;
    }

    /// <summary>
    /// Properties of <paramref name="loser"/> overlaid by those of <paramref name="winner"/>.
    /// </summary>
    public static byte[] Combine(ReadOnlySpan<byte> loser, ReadOnlySpan<byte> winner)
    {
        var merged = JsonSettings.Parse(loser) as JsonObject ?? new JsonObject();
        var overlay = JsonSettings.Parse(winner) as JsonObject ?? new JsonObject();
        foreach (var (key, value) in overlay)
        {
            merged[key] = value?.DeepClone();
        }

        return JsonSettings.ToUtf8(merged);
    }
}
