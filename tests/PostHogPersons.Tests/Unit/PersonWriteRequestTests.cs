using System.Collections;
using System.Collections.Specialized;
using System.Net;
using System.Net.Http;
using System.Text;
using PostHogPersons.Client;
using Xunit;

namespace PostHogPersons.Tests.Unit;

/// <summary>The write requests and capture batches, without a server.</summary>
public class PersonWriteRequestTests
{
    private static PostHogConnection Connection(string baseUrl = "https://ph.example.test/") =>
        new(ApiHost.Resolve(baseUrl), 7, ClientFactory.Secure(ClientFactory.Key));

    private static string Text(ApiRequest request) => Encoding.UTF8.GetString(request.JsonBody);

    [Fact]
    public void Each_write_has_its_path_body_bucket_and_retry_rule()
    {
        PostHogConnection connection = Connection();
        var properties = new OrderedDictionary { ["plan"] = "pro", ["none"] = null };
        var ids = new List<string> { "a", "b" };

        var cases = new (ApiRequest Request, string Method, string Path, string Body, RateBucket Bucket, bool RetrySafe)[]
        {
            (PersonRequests.SetProperties(connection, "u1", properties), "PATCH", "api/projects/7/persons/u1/",
                "{\"properties\":{\"plan\":\"pro\",\"none\":null}}", RateBucket.PersonsRead, true),
            (PersonRequests.SetProperty(connection, "u1", "plan", null), "POST", "api/projects/7/persons/u1/update_property/",
                "{\"key\":\"plan\",\"value\":null}", RateBucket.PersonsRead, true),
            (PersonRequests.DeleteProperty(connection, "u1", "plan"), "POST", "api/projects/7/persons/u1/delete_property/",
                "{\"$unset\":\"plan\"}", RateBucket.PersonsRead, true),
            (PersonRequests.Delete(connection, "u1", true, false, true), "DELETE",
                "api/projects/7/persons/u1/?delete_events=true&keep_person=true", null, RateBucket.PersonsDelete, true),
            (PersonRequests.DeleteEvents(connection, "u1"), "POST", "api/projects/7/persons/u1/delete_events/", null,
                RateBucket.PersonsDelete, true),
            (PersonRequests.DeleteRecordings(connection, "u1"), "POST", "api/projects/7/persons/u1/delete_recordings/", null,
                RateBucket.PersonsDelete, true),
            (PersonRequests.Split(connection, "u1", null, ids), "POST", "api/projects/7/persons/u1/split/",
                "{\"distinct_ids_to_split\":[\"a\",\"b\"]}", RateBucket.PersonsRead, false),
            (PersonRequests.Split(connection, "u1", "a", null), "POST", "api/projects/7/persons/u1/split/",
                "{\"main_distinct_id\":\"a\"}", RateBucket.PersonsRead, false),
            (PersonRequests.BulkDelete(connection, true, ids, false, true, false), "POST", "api/projects/7/persons/bulk_delete/",
                "{\"distinct_ids\":[\"a\",\"b\"],\"delete_events\":false,\"delete_recordings\":true,\"keep_person\":false}",
                RateBucket.PersonsDelete, true),
        };

        foreach (var c in cases)
        {
            Assert.Equal(
                (c.Method, c.Path, c.Body, c.Bucket, c.RetrySafe, false, false),
                (c.Request.Method.Method, c.Request.RelativeUri, c.Request.JsonBody == null ? null : Text(c.Request),
                    c.Request.Bucket, c.Request.IsRetrySafe, c.Request.ExpectJson, c.Request.IsCapture));
        }
    }

    [Fact]
    public void A_capture_batch_holds_at_most_1000_events()
    {
        var batch = new CaptureBatch("phc_x");
        byte[] one = CaptureBatch.SetEvent("d", new Hashtable { ["a"] = 1 });
        for (int i = 0; i < CaptureBatch.MaxEvents; i++)
        {
            Assert.True(batch.Fits(one));
            batch.Add(one);
        }

        Assert.False(batch.Fits(one));
        ApiRequest request = batch.ToRequest();
        Assert.Equal(("POST", "batch/", true, RateBucket.Capture, true), (request.Method.Method, request.RelativeUri,
            request.IsCapture, request.Bucket, request.IsRetrySafe));
        string body = Text(request);
        Assert.StartsWith("{\"api_key\":\"phc_x\",\"batch\":[{\"event\":\"$set\",\"distinct_id\":\"d\",", body);
        Assert.Equal(1000, System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("batch").GetArrayLength());
        batch.Clear();
        Assert.Equal(0, batch.Count);
    }

    [Fact]
    public void A_capture_batch_stays_under_its_byte_limit()
    {
        var batch = new CaptureBatch("phc_x");
        byte[] big = CaptureBatch.SetEvent("d", new Hashtable { ["blob"] = new string('x', 3 * 1024 * 1024) });
        batch.Add(big);
        batch.Add(big);

        Assert.False(batch.Fits(big));
        Assert.True(batch.ToRequest().JsonBody.Length <= CaptureBatch.MaxBodyBytes);
        Assert.False(CaptureBatch.CanSend(CaptureBatch.SetEvent("d",
            new Hashtable { ["blob"] = new string('x', CaptureBatch.MaxBodyBytes) })));
    }

    [Fact]
    public void An_unset_event_is_a_delete_person_property_event_with_the_keys()
    {
        Assert.Equal(
            "{\"event\":\"$delete_person_property\",\"distinct_id\":\"user-1\",\"properties\":{\"$unset\":[\"a\",\"$b\"]}}",
            Encoding.UTF8.GetString(CaptureBatch.UnsetEvent("user-1", new[] { "a", "$b" })));
    }

    [Fact]
    public async Task A_capture_request_goes_to_the_ingestion_host_without_the_API_key_even_on_the_same_origin()
    {
        var handler = new FakeHandler(_ => FakeHandler.Json("{\"status\":\"Ok\"}"));
        var (connection, client) = ClientFactory.Create(handler, "https://ph.example.test/base");
        var batch = new CaptureBatch("phc_x");
        batch.Add(CaptureBatch.SetEvent("d", new Hashtable { ["a"] = 1 }));

        using ApiResponse response = await client.SendAsync(batch.ToRequest(), null, CancellationToken.None);

        var sent = Assert.Single(handler.Sent);
        Assert.Equal(("POST", "https://ph.example.test/base/batch/", (string)null),
            (sent.Method, sent.Url, sent.Authorization));
        Assert.Equal(connection.ApiBase, connection.IngestBase);
    }

    [Fact]
    public async Task Capture_to_PostHog_Cloud_goes_to_the_ingestion_host()
    {
        var handler = new FakeHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));
        var (_, client) = ClientFactory.Create(handler, "eu");
        var batch = new CaptureBatch("phc_x");
        batch.Add(CaptureBatch.SetEvent("d", new Hashtable()));

        using ApiResponse response = await client.SendAsync(batch.ToRequest(), null, CancellationToken.None);

        Assert.Equal(("https://eu.i.posthog.com/batch/", (string)null),
            (handler.Sent[0].Url, handler.Sent[0].Authorization));
    }
}
