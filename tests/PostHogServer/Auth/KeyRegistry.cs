using System.Collections.Concurrent;
using PostHogServer.Store;

namespace PostHogServer.Auth;

/// <summary>
/// Known personal API keys: the built-in test keys plus keys added through /_test/keys.
/// </summary>
public sealed class KeyRegistry
{
    /// <summary>The user all built-in keys belong to.</summary>
    public static readonly ApiUser TestUser = new("Test", "test@example.com");

    private readonly ConcurrentDictionary<string, ApiKey> keys = new(StringComparer.Ordinal);

    /// <summary>Creates the registry with the built-in keys.</summary>
    public KeyRegistry()
    {
        Reset();
    }

    /// <summary>Forgets added keys and restores the built-in ones.</summary>
    public void Reset()
    {
        keys.Clear();
        Add(new ApiKey("phx_test_full", [], [], TestUser));
        Add(new ApiKey("phx_test_read", ["person:read"], [], TestUser));
        Add(new ApiKey("phx_test_write", ["person:write"], [], TestUser));
        Add(new ApiKey("phx_test_star", ["*"], [], TestUser));
    }

    /// <summary>Adds or replaces a key.</summary>
    public void Add(ApiKey key) => keys[key.Value] = key;

    /// <summary>Finds a key by its value.</summary>
    public ApiKey? Find(string value) => keys.GetValueOrDefault(value);

    /// <summary>All keys, by value.</summary>
    public ApiKey[] All() => keys.Values.OrderBy(k => k.Value, StringComparer.Ordinal).ToArray();
}
