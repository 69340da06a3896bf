using System.Collections;
using System.Collections.Specialized;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using PostHogPersons.Client;
using PostHogPersons.Client.Errors;
using PostHogPersons.Models;
using Xunit;

namespace PostHogPersons.Tests.Unit;

/// <summary>The client parts of the persons side endpoints: filters, dates, envelopes, errors.</summary>
public class PersonsApiClientTests
{
    [Theory]
    [InlineData("https://ph.example.test/")]
    [InlineData("https://ph.example.test/posthog/")]
    public void A_relative_api_link_from_the_insight_helpers_is_taken_from_the_root(string apiBase)
    {
        var current = new Uri(new Uri(apiBase), "api/projects/1/persons/trends/?offset=100");

        string next = NextLink.Rebase("api/projects/1/persons/trends/?x=1&offset=200", new Uri(apiBase), current);

        Assert.Equal("api/projects/1/persons/trends/?x=1&offset=200", next);
    }

    [Fact]
    public void Dates_are_sent_as_PostHog_reads_them()
    {
        Assert.Equal("2025-06-01", InsightQuery.Date(new DateTime(2025, 6, 1)));
        Assert.Equal("2025-06-01", InsightQuery.Date(new DateTime(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc)));
        Assert.Equal("2025-06-01T10:30:00Z", InsightQuery.Date(new DateTime(2025, 6, 1, 10, 30, 0, DateTimeKind.Utc)));
        Assert.Equal("2025-06-01T10:30:00", InsightQuery.Date(new DateTime(2025, 6, 1, 10, 30, 0, DateTimeKind.Local)));
        Assert.Equal("2025-06-01T10:30:00+02:00",
            InsightQuery.Date(new DateTimeOffset(2025, 6, 1, 10, 30, 0, TimeSpan.FromHours(2))));
        Assert.Equal("2025-06-01T08:30:00Z", InsightQuery.Date(new DateTimeOffset(2025, 6, 1, 8, 30, 0, TimeSpan.Zero)));
        Assert.Equal("-7d", InsightQuery.Date(" -7d "));
        Assert.Null(InsightQuery.Date(null));
    }

    [Fact]
    public void Entities_are_a_json_array_in_order_and_nothing_when_empty()
    {
        Assert.Equal("[{\"id\":\"$pageview\",\"type\":\"events\",\"order\":0},{\"id\":\"Zoë\",\"type\":\"events\",\"order\":1}]",
            InsightQuery.Entities(new[] { "$pageview", "Zoë" }, InsightQuery.Events));
        Assert.Equal("[{\"id\":7,\"type\":\"actions\",\"order\":0}]", InsightQuery.Entities(new[] { 7L }, InsightQuery.Actions));
        Assert.Null(InsightQuery.Entities(Array.Empty<string>(), InsightQuery.Events));
        Assert.Null(InsightQuery.Entities<string>(null, InsightQuery.Events));
        Assert.Equal("{\"id\":\"demo\",\"type\":\"events\"}", InsightQuery.Entity("demo", InsightQuery.Events));
    }

    [Fact]
    public void A_filter_body_keeps_its_keys_takes_overrides_and_refuses_paging_keys()
    {
        var filter = new OrderedDictionary { ["events"] = new object[] { new Hashtable { ["id"] = "a" } }, ["funnel_step"] = 1 };
        var overrides = new Dictionary<string, object> { ["funnel_step"] = -2, ["unset"] = null };

        byte[] body = InsightQuery.Body(filter, overrides, "limit", "offset");

        Assert.Equal("{\"events\":[{\"id\":\"a\"}],\"funnel_step\":-2}", Encoding.UTF8.GetString(body));
        var error = Assert.Throws<ArgumentException>(() =>
            InsightQuery.Body(new Hashtable { ["offset"] = 100 }, overrides, "limit", "offset"));
        Assert.Equal("-Filter must not hold 'offset': the cmdlet pages through the persons itself (use -PageSize for "
            + "the page size).", error.Message);
        Assert.True(InsightQuery.HasKey(filter, "funnel_step"));
        Assert.False(InsightQuery.HasKey(filter, "Funnel_Step"));
    }

    [Fact]
    public void The_actors_envelope_gives_the_people_of_every_entry()
    {
        using JsonDocument page = JsonDocument.Parse(
            "{\"results\":[{\"people\":[{\"uuid\":\"a\"},{\"uuid\":\"b\"}],\"count\":2},{\"people\":[{\"uuid\":\"c\"}],\"count\":1}],"
            + "\"next\":null}");
        using JsonDocument list = JsonDocument.Parse("{\"results\":[{\"uuid\":\"a\"}],\"next\":null}");

        Assert.Equal(new[] { "a", "b", "c" }, ActorPages.People(page.RootElement).Select(p => p.GetProperty("uuid").GetString()));
        Assert.True(ActorPages.IsEnvelope(page.RootElement));
        Assert.False(ActorPages.IsEnvelope(list.RootElement));
    }

    [Fact]
    public async Task A_paged_POST_sends_its_body_again_to_every_next_link()
    {
        var handler = new FakeHandler(request => FakeHandler.Json(request.RequestUri.Query == "?limit=1"
            ? "{\"results\":[{\"people\":[{\"uuid\":\"a\"}],\"count\":1}],\"next\":\"https://ph.example.test/api/projects/7/persons/funnel/?limit=1&offset=1\"}"
            : "{\"results\":[{\"people\":[],\"count\":0}],\"next\":null}"));
        var (connection, client) = ClientFactory.Create(handler);
        var first = new ApiRequest(HttpMethod.Post, "api/projects/7/persons/funnel/?limit=1")
        {
            JsonBody = Encoding.UTF8.GetBytes("{\"funnel_step\":2}"),
            IsRetrySafe = true,
        };
        var uuids = new List<string>();

        await PageReader.ReadAsync(
            client,
            connection.ApiBase,
            first,
            json => json.GetProperty("uuid").GetString(),
            page => { uuids.AddRange(page.Items); return true; },
            null,
            CancellationToken.None,
            selectItems: ActorPages.People);

        Assert.Equal(new[] { "a" }, uuids);
        Assert.Equal(
            new[]
            {
                ("POST", "https://ph.example.test/api/projects/7/persons/funnel/?limit=1", "{\"funnel_step\":2}"),
                ("POST", "https://ph.example.test/api/projects/7/persons/funnel/?limit=1&offset=1", "{\"funnel_step\":2}"),
            },
            handler.Sent.Select(s => (s.Method, s.Url, s.Body)));
    }

    [Fact]
    public void A_scoped_key_refusal_becomes_an_error_that_says_which_key_works()
    {
        var failure = new RequestFailure { Method = "GET", Path = "/api/projects/1/persons/trends/", StatusCode = 403 };
        failure.ReadBody(Encoding.UTF8.GetBytes("{\"type\":\"authentication_error\",\"code\":\"permission_denied\","
            + "\"detail\":\"This action does not support Personal API Key access\",\"attr\":null}"));

        var record = ErrorRecords.From(new PostHogPermissionException(failure), "target");
        var missingScope = new RequestFailure { Method = "GET", Path = "/x", StatusCode = 403, Detail = "API key missing required scope 'person:read'" };

        Assert.Equal("PersonalApiKeyNotSupported", record.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.PermissionDenied, record.CategoryInfo.Category);
        Assert.IsType<PostHogPermissionException>(record.Exception);
        Assert.EndsWith("PostHog said: This action does not support Personal API Key access "
            + "[HTTP 403 GET /api/projects/1/persons/trends/]", record.Exception.Message);
        Assert.Equal("PermissionDenied", ErrorRecords.From(new PostHogPermissionException(missingScope), null).FullyQualifiedErrorId);
    }

    [Fact]
    public void Activity_entries_keep_what_PostHog_sent_and_find_the_person()
    {
        using JsonDocument entry = JsonDocument.Parse(
            "{\"id\":\"5b1c\",\"user\":{\"first_name\":\"System\",\"email\":null,\"is_system\":true},\"activity\":\"deleted\","
            + "\"scope\":\"Person\",\"item_id\":\"42\",\"detail\":{\"name\":\"018cd44c-afcb-773d-b858-0a76e4335ae7\",\"changes\":null},"
            + "\"created_at\":\"2025-03-01T10:00:00.252000Z\"}");

        PHPersonActivity activity = PersonDataReaders.Activity(entry.RootElement, 3, null);

        Assert.Equal(42, activity.PersonId);
        Assert.Equal("42", activity.ItemId);
        Assert.Equal("018cd44c-afcb-773d-b858-0a76e4335ae7", activity.PersonUuid);
        Assert.True(activity.User.IsSystem);
        Assert.Equal("System", activity.User.ToString());
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 10, 0, 0, 252, TimeSpan.Zero), activity.CreatedAt);
        Assert.Null(activity.Detail["changes"]);
        Assert.Equal(3, activity.ProjectId);
    }
}
