using System.Text;
using PostHogPersons.Client.Errors;
using Xunit;

namespace PostHogPersons.Tests.Unit;

public class RequestFailureTests
{
    private static RequestFailure Read(string body, int status = 400)
    {
        var failure = new RequestFailure { Method = "PATCH", Path = "/api/projects/1/persons/5/", StatusCode = status };
        failure.ReadBody(Encoding.UTF8.GetBytes(body));
        return failure;
    }

    [Fact]
    public void The_standard_error_shape_is_read_field_by_field()
    {
        var failure = Read("{\"type\":\"authentication_error\",\"code\":\"permission_denied\","
            + "\"detail\":\"API key missing required scope 'person:write'\",\"attr\":null}", 403);
        Assert.Equal("authentication_error", failure.ErrorType);
        Assert.Equal("permission_denied", failure.Code);
        Assert.Equal("API key missing required scope 'person:write'", failure.Detail);
        Assert.Null(failure.Attr);
        Assert.Equal(
            "API key missing required scope 'person:write' [HTTP 403 PATCH /api/projects/1/persons/5/]",
            failure.ToMessage());
    }

    [Fact]
    public void The_hand_built_400_with_swapped_code_and_detail_reads_the_right_way_round()
    {
        var failure = Read("{\"attr\":\"properties\",\"code\":\"This field is required.\","
            + "\"detail\":\"required\",\"type\":\"validation_error\"}");
        Assert.Equal("This field is required.", failure.Detail);
        Assert.Equal("required", failure.Code);
        Assert.Equal(
            "This field is required. (field 'properties') [HTTP 400 PATCH /api/projects/1/persons/5/]",
            failure.ToMessage());
    }

    [Fact]
    public void Lifecycle_message_and_detail_are_combined()
    {
        var failure = Read("{\"message\":\"Missing parameter\",\"detail\":\"Need to specify target_date\"}");
        Assert.Equal("Missing parameter: Need to specify target_date", failure.Detail);
    }

    [Fact]
    public void Properties_at_time_error_field_becomes_the_detail()
    {
        Assert.Equal("timestamp is required", Read("{\"error\":\"timestamp is required\"}").Detail);
    }

    [Fact]
    public void A_body_that_is_not_json_is_kept_as_a_short_excerpt()
    {
        var failure = Read("<html>\n<body>" + new string('x', 500) + "</body></html>", 502);
        Assert.Null(failure.Detail);
        Assert.StartsWith("<html> <body>xxx", failure.BodyExcerpt);
        Assert.Equal(201, failure.BodyExcerpt.Length);
        Assert.EndsWith("…", failure.BodyExcerpt);
    }

    [Fact]
    public void Retries_are_counted_in_the_message()
    {
        var failure = new RequestFailure
        {
            Method = "GET", Path = "/api/projects/1/persons/", StatusCode = 503, Attempts = 4,
        };
        Assert.Equal("PostHog answered HTTP 503 [HTTP 503 GET /api/projects/1/persons/, 4 tries]", failure.ToMessage());
    }
}
