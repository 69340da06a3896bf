using System.Net.Http;
using PostHogPersons.Client;
using Xunit;

namespace PostHogPersons.Tests.Unit;

public class EndpointRulesTests
{
    [Theory]
    [InlineData("GET", "api/projects/1/persons/?limit=10", true, RateBucket.PersonsRead)]
    [InlineData("PATCH", "api/projects/1/persons/abc/", true, RateBucket.PersonsRead)]
    [InlineData("PUT", "api/projects/1/persons/abc/", true, RateBucket.PersonsRead)]
    [InlineData("DELETE", "api/projects/1/persons/abc/?delete_events=true", true, RateBucket.PersonsDelete)]
    [InlineData("POST", "api/projects/1/persons/abc/update_property/", true, RateBucket.PersonsRead)]
    [InlineData("POST", "api/projects/1/persons/abc/delete_property/", true, RateBucket.PersonsRead)]
    [InlineData("POST", "api/projects/1/persons/bulk_delete/", true, RateBucket.PersonsDelete)]
    [InlineData("POST", "api/projects/1/persons/abc/delete_events/", true, RateBucket.PersonsDelete)]
    [InlineData("POST", "api/projects/1/persons/abc/delete_recordings/", false, RateBucket.PersonsDelete)]
    [InlineData("POST", "api/projects/1/persons/abc/split/", false, RateBucket.PersonsRead)]
    [InlineData("POST", "api/projects/1/persons/reset_person_distinct_id/", false, RateBucket.PersonsRead)]
    [InlineData("POST", "api/projects/1/persons/batch_by_uuids/", true, RateBucket.PersonsRead)]
    [InlineData("POST", "api/projects/1/query/", true, RateBucket.Query)]
    [InlineData("GET", "api/projects/1/query/abc-123/", true, RateBucket.Query)]
    [InlineData("POST", "batch/", false, RateBucket.PersonsRead)]
    public void Retry_safety_and_rate_bucket_follow_from_method_and_path(
        string method, string path, bool retrySafe, RateBucket bucket)
    {
        var request = new ApiRequest(new HttpMethod(method), path);

        Assert.Equal(retrySafe, request.IsRetrySafe);
        Assert.Equal(bucket, request.Bucket);
    }
}
