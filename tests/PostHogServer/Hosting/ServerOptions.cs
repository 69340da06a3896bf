using System.Globalization;

namespace PostHogServer.Hosting;

/// <summary>Command-line options of the test server.</summary>
public sealed class ServerOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 lets the operating system pick a free port.</summary>
    public int Port { get; private set; }

    /// <summary>How many persons to seed at start-up.</summary>
    public int SeedCount { get; private set; } = 100;

    /// <summary>Seed of the deterministic person generator.</summary>
    public int Seed { get; private set; } = 42;

    /// <summary>Id of the project (team) that holds the seeded persons.</summary>
    public long ProjectId { get; private set; } = 1;

    /// <summary>Latency added to every API request, in milliseconds.</summary>
    public int LatencyMs { get; private set; }

    /// <summary>Stop the server when standard input reaches end of file.</summary>
    public bool ExitOnStdinClose { get; private set; }

    /// <summary>
    /// Parses the arguments; writes a message and returns null when they are wrong.
    /// </summary>
    public static ServerOptions? Parse(string[] args, TextWriter errors)
    {
        var options = new ServerOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--exit-on-stdin-close")
            {
                options.ExitOnStdinClose = true;
                continue;
            }

            if (i + 1 >= args.Length || !long.TryParse(args[i + 1], NumberStyles.Integer,
                    CultureInfo.InvariantCulture, out var value))
            {
                errors.WriteLine($"PostHogServer: option '{name}' needs an integer value.");
                return null;
            }

            i++;
            if (!options.TrySet(name, value))
            {
                errors.WriteLine($"PostHogServer: unknown or out-of-range option '{name} {value}'.");
                return null;
            }
        }

        return options;
    }

    private bool TrySet(string name, long value)
    {
        switch (name)
        {
            case "--port" when value is >= 0 and <= 65535:
                Port = (int)value;
                return true;
            case "--seed-count" when value is >= 0 and <= 5_000_000:
                SeedCount = (int)value;
                return true;
            case "--seed" when value is >= int.MinValue and <= int.MaxValue:
                Seed = (int)value;
                return true;
            case "--project-id" when value > 0:
                ProjectId = value;
                return true;
            case "--latency-ms" when value is >= 0 and <= int.MaxValue:
                LatencyMs = (int)value;
                return true;
            default:
                return false;
        }
    }
}
