using System.Management.Automation;
using System.Reflection;
using PostHogPersons.Client;
using PostHogPersons.Commands;
using PostHogPersons.Models;
using PostHogPersons.Tests.Infrastructure;
using Xunit;

namespace PostHogPersons.Tests.Ecosystem;

/// <summary>Set-PHConfiguration, Get-PHConfiguration and the per-user file.</summary>
public sealed class ConfigurationTests : IDisposable
{
    private const string Id = ",PostHogPersons.Commands.SetPHConfigurationCommand";

    private readonly string _folder = Directory.CreateTempSubdirectory("phconfig").FullName;
    private readonly string _path;
    private readonly HostedPowerShell _shell = new();

    public ConfigurationTests()
    {
        _path = Path.Combine(_folder, "sub", "config.json");
        Environment.SetEnvironmentVariable(ConfigurationFile.PathVariable, _path);
        PHConfiguration.Reload();
    }

    public void Dispose()
    {
        _shell.Invoke("Disconnect-PHProject");
        _shell.Dispose();
        Environment.SetEnvironmentVariable(ConfigurationFile.PathVariable, TestSettings.EmptyConfigPath);
        PHConfiguration.Reload();
        Directory.Delete(_folder, true);
    }

    private static string Lines(params string[] lines) => string.Join(Environment.NewLine, lines);

    private PHConfiguration Get(string arguments = "")
    {
        ScriptResult result = _shell.Invoke("Get-PHConfiguration " + arguments);
        return (PHConfiguration)Assert.Single(result.Output).BaseObject;
    }

    [Fact]
    public void The_defaults_are_PostHogs_limits_and_the_modules_paging_and_retries()
    {
        PHConfiguration c = Get();

        Assert.Equal(
            new object[] { 10000, 3, 1.0, 100, 5, 240, 480, 4800, 240, 2400, 3 },
            new object[]
            {
                c.PageSize, c.MaximumRetryCount, c.RetryIntervalSec, c.TimeoutSec, c.ThrottleLimit,
                c.PersonsReadPerMinute, c.PersonsDeletePerMinute, c.PersonsDeletePerHour,
                c.QueryPerMinute, c.QueryPerHour, c.QueryConcurrency,
            });
        Assert.False(File.Exists(_path));
    }

    [Fact]
    public void CurrentUser_saves_only_the_given_values_and_merges_later_saves()
    {
        ScriptResult first = _shell.Invoke(
            "Set-PHConfiguration -PageSize 500 -RetryIntervalSec 2.5 -Scope CurrentUser");
        Assert.Empty(first.Errors);
        Assert.Equal(Lines("{", "  \"PageSize\": 500,", "  \"RetryIntervalSec\": 2.5", "}"), File.ReadAllText(_path));

        _shell.Invoke("Set-PHConfiguration -QueryConcurrency 2 -PageSize 250 -Scope CurrentUser");

        Assert.Equal(
            Lines("{", "  \"PageSize\": 250,", "  \"RetryIntervalSec\": 2.5,", "  \"QueryConcurrency\": 2", "}"),
            File.ReadAllText(_path));
        Assert.Equal((250, 2.5, 2), (Get().PageSize, Get().RetryIntervalSec, Get().QueryConcurrency));
    }

    [Fact]
    public void Saving_keeps_names_this_version_does_not_know_and_fixes_the_case_of_known_ones()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path));
        File.WriteAllText(_path, "{\"Future\":{\"x\":[1,2]},\"pagesize\":10}");

        _shell.Invoke("Set-PHConfiguration -PageSize 20 -Scope CurrentUser");

        Assert.Equal(
            Lines("{", "  \"Future\": {", "    \"x\": [", "      1,", "      2", "    ]", "  },",
                "  \"PageSize\": 20", "}"),
            File.ReadAllText(_path));
    }

    [Fact]
    public void Session_scope_changes_this_process_only()
    {
        PHConfiguration passed = (PHConfiguration)_shell.Invoke("Set-PHConfiguration -TimeoutSec 30 -PassThru")
            .Output.Single().BaseObject;

        Assert.Equal(30, passed.TimeoutSec);
        Assert.Equal(30, PHConfiguration.Current.TimeoutSec);
        Assert.Equal(100, Get("-Scope CurrentUser").TimeoutSec);
        Assert.False(File.Exists(_path));
    }

    [Fact]
    public void WhatIf_neither_saves_nor_changes()
    {
        ScriptResult result = _shell.Invoke("Set-PHConfiguration -PageSize 7 -Scope CurrentUser -WhatIf");

        Assert.Empty(result.Errors);
        Assert.False(File.Exists(_path));
        Assert.Equal(10000, Get().PageSize);
    }

    [Fact]
    public void The_file_is_read_once_at_first_use_and_bad_values_fall_back_with_a_warning()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path));
        File.WriteAllText(_path,
            "{\"PageSize\":300,\"TimeoutSec\":0,\"Other\":1,\"ThrottleLimit\":\"x\",\"RetryIntervalSec\":0.25}");

        ScriptResult result = _shell.Invoke("Get-PHConfiguration");
        File.WriteAllText(_path, "{\"PageSize\":301}");

        var c = (PHConfiguration)result.Output.Single().BaseObject;
        Assert.Equal((300, 100, 5, 0.25), (c.PageSize, c.TimeoutSec, c.ThrottleLimit, c.RetryIntervalSec));
        Assert.Equal(
            $"In the configuration file '{_path}': 'TimeoutSec' must be a whole number from 1 to 86400, not 0; "
            + "the default 100 is used. 'ThrottleLimit' must be a whole number from 1 to 64, not \"x\"; "
            + "the default 5 is used.",
            Assert.Single(result.Warnings));
        Assert.Equal(300, Get().PageSize);
        Assert.Equal(301, Get("-Scope CurrentUser").PageSize);
    }

    [Fact]
    public void A_file_that_is_not_json_gives_the_defaults_a_warning_and_refuses_to_be_overwritten()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path));
        File.WriteAllText(_path, "PageSize = 5");

        ScriptResult read = _shell.Invoke("Get-PHConfiguration");
        ScriptResult save = _shell.Invoke("Set-PHConfiguration -PageSize 9 -Scope CurrentUser");

        Assert.Equal(10000, ((PHConfiguration)read.Output.Single().BaseObject).PageSize);
        Assert.StartsWith($"The configuration file '{_path}' could not be read (", Assert.Single(read.Warnings));
        Assert.EndsWith("); the defaults are used.", read.Warnings[0]);
        Assert.Equal(new[] { "ConfigurationNotSaved" + Id }, save.ErrorIds);
        Assert.Equal("PageSize = 5", File.ReadAllText(_path));
        Assert.Equal(10000, Get().PageSize);
    }

    [Fact]
    public void Values_out_of_range_are_refused_by_parameter_validation()
    {
        ScriptResult result = _shell.Invoke("Set-PHConfiguration -PageSize 0");

        Assert.Equal(new[] { "ParameterArgumentValidationError" + Id }, result.ErrorIds);
    }

    [Fact]
    public void The_parameters_are_the_settings_with_the_same_ranges_and_no_key()
    {
        var parameters = typeof(SetPHConfigurationCommand).GetProperties()
            .Where(p => p.GetCustomAttribute<ParameterAttribute>() != null)
            .ToList();

        Assert.Equal(
            ConfigurationFile.Settings.Select(s => s.Name).Concat(new[] { "Scope", "PassThru" }),
            parameters.Select(p => p.Name));
        foreach (ConfigurationSetting setting in ConfigurationFile.Settings)
        {
            var range = parameters.Single(p => p.Name == setting.Name).GetCustomAttribute<ValidateRangeAttribute>();
            Assert.Equal(
                (setting.Minimum, setting.Maximum),
                (Convert.ToDouble(range.MinRange), Convert.ToDouble(range.MaxRange)));
        }
    }

    [Fact]
    public void Get_PHPerson_pages_by_the_configured_size_unless_PageSize_is_given()
    {
        using var stub = new StubPostHog(_ => new StubAnswer(200, StubPostHog.PersonsPage("{}", "{}")));
        _shell.ConnectTo(stub.BaseUrl);
        _shell.Invoke("Set-PHConfiguration -PageSize 2");

        _shell.Invoke("Get-PHPerson");
        _shell.Invoke("Get-PHPerson -PageSize 3");

        Assert.Equal(new[] { "/api/projects/1/persons/?limit=2", "/api/projects/1/persons/?limit=3" }, stub.Targets);
    }

    [Fact]
    public void Connect_PHProject_takes_retry_and_timeout_defaults_from_the_configuration()
    {
        _shell.Invoke("Set-PHConfiguration -MaximumRetryCount 0 -RetryIntervalSec 0.5 -TimeoutSec 7");

        var configured = (PHContext)_shell.ConnectTo("http://127.0.0.1:9", "-PassThru").Output.Single().BaseObject;
        var given = (PHContext)_shell.ConnectTo("http://127.0.0.1:9", "-PassThru -TimeoutSec 9 -MaximumRetryCount 1")
            .Output.Single().BaseObject;

        Assert.Equal((0, 0.5, 7), (configured.MaximumRetryCount, configured.RetryIntervalSec, configured.TimeoutSec));
        Assert.Equal((1, 0.5, 9), (given.MaximumRetryCount, given.RetryIntervalSec, given.TimeoutSec));
    }
}
