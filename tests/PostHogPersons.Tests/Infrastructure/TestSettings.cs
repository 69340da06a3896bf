using System.Runtime.CompilerServices;

namespace PostHogPersons.Tests.Infrastructure;

/// <summary>Settings made before any test runs.</summary>
internal static class TestSettings
{
    /// <summary>A configuration file path that does not exist, so no test reads the user's file.</summary>
    public static readonly string EmptyConfigPath =
        Path.Combine(Path.GetTempPath(), "PostHogPersons.Tests-" + Environment.ProcessId, "none.json");

    [ModuleInitializer]
    internal static void Initialize()
    {
        Environment.SetEnvironmentVariable("POSTHOGPERSONS_CONFIG_PATH", EmptyConfigPath);
    }
}
