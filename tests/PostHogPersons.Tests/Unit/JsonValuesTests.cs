using System.Collections;
using System.Collections.Specialized;
using System.Management.Automation;
using System.Text.Json;
using PostHogPersons.Client;
using PostHogPersons.Models;
using Xunit;

namespace PostHogPersons.Tests.Unit;

public class JsonValuesTests
{
    private const string Tricky =
        "{\"email\":\"zoë@example.com\",\"Plan\":\"pro\",\"plan\":\"free\",\"company\":{\"name\":\"李雷 GmbH\","
        + "\"size\":42,\"tags\":[\"b2b\"],\"meta\":{\"deep\":{\"deeper\":[1,2.5,null,true]}}},"
        + "\"tags\":[],\"one\":[\"only\"],\"nothing\":null,\"big\":9007199254740993,\"ratio\":0.1,"
        + "\"neg\":-3,\"flag\":false,\"signup_date\":\"2025-03-01T10:00:00Z\",\"$initial_referrer\":\"$direct\"}";

    [Fact]
    public void Properties_survive_a_round_trip_exactly()
    {
        using var document = JsonDocument.Parse(Tricky);
        object value = JsonValues.ToObject(document.RootElement);

        var properties = Assert.IsType<PHPropertyDictionary>(value);
        Assert.Equal(Tricky, JsonValues.ToJson(properties));
        Assert.Equal(Tricky, properties.ToString());
    }

    [Fact]
    public void Values_keep_their_json_kinds()
    {
        using var document = JsonDocument.Parse(Tricky);
        var properties = (PHPropertyDictionary)JsonValues.ToObject(document.RootElement);

        Assert.Equal("pro", properties["Plan"]);
        Assert.Equal("free", properties["plan"]);
        Assert.False(properties.ContainsKey("PLAN"));
        Assert.Equal(9007199254740993L, properties["big"]);
        Assert.Equal(0.1, properties["ratio"]);
        Assert.Equal(false, properties["flag"]);
        Assert.Null(properties["nothing"]);
        Assert.Equal("2025-03-01T10:00:00Z", properties["signup_date"]);
        Assert.Empty(Assert.IsType<object[]>(properties["tags"]));
        Assert.Equal(new object[] { "only" }, Assert.IsType<object[]>(properties["one"]));
        var company = Assert.IsType<PHPropertyDictionary>(properties["company"]);
        Assert.Equal(42L, company["size"]);
    }

    [Fact]
    public void PowerShell_values_are_written_at_full_depth_with_null_as_json_null()
    {
        var inner = new Hashtable { ["level3"] = new Hashtable { ["level4"] = new object[] { 1, "two", null } } };
        var ordered = new OrderedDictionary { ["b"] = 2, ["a"] = inner, ["none"] = null };
        var custom = new PSObject();
        custom.Properties.Add(new PSNoteProperty("when", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)));
        custom.Properties.Add(new PSNoteProperty("ok", new SwitchParameter(true)));
        ordered["custom"] = custom;

        Assert.Equal(
            "{\"b\":2,\"a\":{\"level3\":{\"level4\":[1,\"two\",null]}},\"none\":null,"
            + "\"custom\":{\"when\":\"2026-01-02T03:04:05.0000000+00:00\",\"ok\":true}}",
            JsonValues.ToJson(ordered));
    }

    [Fact]
    public void A_value_that_refers_to_itself_is_refused_instead_of_looping()
    {
        var loop = new Hashtable();
        loop["self"] = loop;
        var error = Assert.Throws<ArgumentException>(() => JsonValues.ToJson(loop));
        Assert.Contains("deeper than 64 levels", error.Message);
    }

    [Fact]
    public void A_secure_string_is_never_serialised()
    {
        var error = Assert.Throws<ArgumentException>(
            () => JsonValues.ToJson(new Hashtable { ["k"] = ClientFactory.Secure("secret") }));
        Assert.Equal("A SecureString cannot be sent as a property value.", error.Message);
    }
}
