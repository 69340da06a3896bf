using System.Text.Json;
using PostHogPersons.Client;
using Xunit;

namespace PostHogPersons.Tests.Unit;

public class PersonReaderTests
{
    [Fact]
    public void The_list_shape_has_the_uuid_in_id_and_no_integer_id()
    {
        const string json = "{\"type\":\"person\",\"id\":\"0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b\","
            + "\"uuid\":\"0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b\",\"created_at\":\"2025-01-02T03:04:05.123000Z\","
            + "\"last_seen_at\":null,\"properties\":{\"email\":\"a@b.test\"},\"is_identified\":true,"
            + "\"name\":\"a@b.test\",\"distinct_ids\":[\"a@b.test\",\"0190a1b2-aaaa-bbbb-cccc-0c1d2e3f4a5b\"],"
            + "\"matched_recordings\":[],\"value_at_data_point\":null}";
        using var document = JsonDocument.Parse(json);

        var person = PersonReader.Read(document.RootElement, 3);

        Assert.Equal("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", person.Uuid);
        Assert.Null(person.Id);
        Assert.Equal("a@b.test", person.Name);
        Assert.Equal(new[] { "a@b.test", "0190a1b2-aaaa-bbbb-cccc-0c1d2e3f4a5b" }, person.DistinctIds);
        Assert.Equal("a@b.test; 0190a1b2-aaaa-bbbb-cccc-0c1d2e3f4a5b", person.DistinctIds.ToString());
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 4, 5, 123, TimeSpan.Zero), person.CreatedAt);
        Assert.Null(person.LastSeenAt);
        Assert.True(person.IsIdentified);
        Assert.Equal(3, person.ProjectId);
        Assert.Equal("{\"email\":\"a@b.test\"}", person.Properties.ToString());
    }

    [Fact]
    public void The_record_shape_has_an_integer_id()
    {
        const string json = "{\"id\":12345,\"name\":\"user-1\",\"distinct_ids\":[\"user-1\"],\"properties\":{},"
            + "\"created_at\":\"2025-01-02T03:04:05Z\",\"uuid\":\"0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b\","
            + "\"last_seen_at\":\"2026-11-30T08:00:00Z\"}";
        using var document = JsonDocument.Parse(json);

        var person = PersonReader.Read(document.RootElement, 1);

        Assert.Equal(12345L, person.Id);
        Assert.Equal("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", person.Uuid);
        Assert.Null(person.IsIdentified);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero), person.LastSeenAt);
        Assert.Empty(person.Properties);
    }
}
