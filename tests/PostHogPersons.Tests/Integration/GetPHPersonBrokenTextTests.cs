using PostHogPersons.Models;
using PostHogPersons.Tests.Infrastructure;
using Xunit;

namespace PostHogPersons.Tests.Integration;

/// <summary>
/// A list page whose person holds a property string that cannot be read is an invalid
/// answer, as it is for that person read with -Uuid: never a person whose Properties
/// PowerShell silently reads as $null.
/// </summary>
public sealed class GetPHPersonBrokenTextTests : IDisposable
{
    private const string Uuid = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

    private readonly TestServer _server = TestServer.Shared;
    private readonly HostedPowerShell _shell = new();

    public GetPHPersonBrokenTextTests()
    {
        _server.Reset(10);
        _shell.Connect(_server);
    }

    public void Dispose() => _shell.Dispose();

    [Theory]
    [InlineData("{\"email\":\"a@b.test\",\"nick\":\"\\ud800\"}")]
    [InlineData("{\"email\":\"a@b.test\",\"tags\":[\"\\udc00\"]}")]
    public void A_broken_property_string_is_an_invalid_response_not_missing_properties(string properties)
    {
        _server.AddFault(new
        {
            kind = "status",
            status = 200,
            pathContains = "/persons/",
            times = -1,
            body = "{\"results\":[{\"uuid\":\"" + Uuid + "\",\"properties\":" + properties + "}],\"next\":null}",
        });

        ScriptResult result = _shell.Invoke(
            "Get-PHPerson | Where-Object { -not $_.Properties.email } | ForEach-Object Uuid");

        Assert.Empty(result.Output);
        Assert.Equal(new[] { "InvalidResponse,PostHogPersons.Commands.GetPHPersonCommand" }, result.ErrorIds);
    }

    [Fact]
    public void Valid_escapes_and_unicode_in_properties_are_read()
    {
        _server.AddFault(new
        {
            kind = "status",
            status = 200,
            pathContains = "/persons/",
            times = -1,
            body = "{\"results\":[{\"uuid\":\"" + Uuid + "\",\"properties\":"
                + "{\"nick\":\"\\ud83d\\ude00 Zo\u00eb \\\\ud800\"}}],\"next\":null}",
        });

        ScriptResult result = _shell.Invoke("Get-PHPerson");

        Assert.Empty(result.Errors);
        var person = (PHPerson)Assert.Single(result.Output).BaseObject;
        Assert.Equal("\U0001F600 Zo\u00eb \\ud800", person.Properties["nick"]);
    }

    [Fact]
    public void A_person_read_by_uuid_with_a_broken_string_is_an_invalid_response_and_the_next_one_is_read()
    {
        _server.AddFault(new
        {
            kind = "status",
            status = 200,
            pathContains = "/persons/" + Uuid,
            times = -1,
            body = "{\"id\":1,\"uuid\":\"" + Uuid + "\",\"properties\":{\"nick\":\"\\ud800\"}}",
        });
        string other = _server.Person("2").Value.GetProperty("uuid").GetString();

        ScriptResult result = _shell.Invoke(
            "Get-PHPerson -Uuid $args[0], $args[1] -ThrottleLimit 1 | ForEach-Object Uuid", null, Uuid, other);

        Assert.Equal(new[] { other }, result.Output.Select(o => (string)o.BaseObject));
        Assert.Equal(new[] { "InvalidResponse,PostHogPersons.Commands.GetPHPersonCommand" }, result.ErrorIds);
        Assert.Equal(Uuid, result.Errors[0].TargetObject);
    }
}
