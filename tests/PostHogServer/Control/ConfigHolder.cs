namespace PostHogServer.Control;

/// <summary>Holds the current <see cref="ServerConfig"/>; updates replace it atomically.</summary>
public sealed class ConfigHolder
{
    private readonly object gate = new();
    private volatile ServerConfig current;

    /// <summary>Starts with <paramref name="initial"/>.</summary>
    public ConfigHolder(ServerConfig initial)
    {
        current = initial;
    }

    /// <summary>The settings in force.</summary>
    public ServerConfig Current => current;

    /// <summary>Applies a change and returns the new settings.</summary>
    public ServerConfig Update(Func<ServerConfig, ServerConfig> change)
    {
        lock (gate)
        {
            current = change(current);
            return current;
        }
    }
}
