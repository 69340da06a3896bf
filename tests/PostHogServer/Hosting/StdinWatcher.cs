namespace PostHogServer.Hosting;

/// <summary>
/// Stops the application when standard input is closed, so harnesses leave no orphans.
/// </summary>
public static class StdinWatcher
{
    /// <summary>Starts a background reader that requests shutdown at end of input.</summary>
    public static void StopOnEndOfInput(IHostApplicationLifetime lifetime)
    {
        var thread = new Thread(() =>
        {
            try
            {
                using var input = Console.OpenStandardInput();
                var buffer = new byte[256];
                while (input.Read(buffer, 0, buffer.Length) > 0)
                {
                }
            }
            catch (IOException)
            {
            }

            lifetime.StopApplication();
        })
        {
            IsBackground = true,
            Name = "stdin-watcher",
        };
        thread.Start();
    }
}
