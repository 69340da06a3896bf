using PostHogPersons.Client;
using PostHogPersons.Tests.Infrastructure;
using Xunit;

namespace PostHogPersons.Tests.Unit;

/// <summary>Where the per-user configuration file lives.</summary>
public sealed class ConfigurationFileTests : IDisposable
{
    private readonly string _xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(ConfigurationFile.PathVariable, TestSettings.EmptyConfigPath);
        Environment.SetEnvironmentVariable("XDG_CONFIG_HOME", _xdg);
    }

    [Fact]
    public void The_environment_variable_overrides_the_location()
    {
        string path = Path.Combine(Path.GetTempPath(), "elsewhere", "ph.json");
        Environment.SetEnvironmentVariable(ConfigurationFile.PathVariable, path);

        Assert.Equal(path, ConfigurationFile.Path);
    }

    [Fact]
    public void Off_Windows_it_follows_XDG_CONFIG_HOME_else_dot_config()
    {
        if (OperatingSystem.IsWindows())
        {
            Environment.SetEnvironmentVariable(ConfigurationFile.PathVariable, null);
            Assert.Equal(
                Path.Combine(
                    Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData),
                    "PostHogPersons",
                    "config.json"),
                ConfigurationFile.Path);
            return;
        }

        Environment.SetEnvironmentVariable(ConfigurationFile.PathVariable, null);
        Environment.SetEnvironmentVariable("XDG_CONFIG_HOME", "/srv/cfg");
        Assert.Equal("/srv/cfg/PostHogPersons/config.json", ConfigurationFile.Path);

        Environment.SetEnvironmentVariable("XDG_CONFIG_HOME", "relative/is/ignored");
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        Assert.Equal(Path.Combine(home, ".config", "PostHogPersons", "config.json"), ConfigurationFile.Path);
    }
}
