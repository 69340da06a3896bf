using System.Text.Json.Nodes;

namespace PostHogServer.Capture;

/// <summary>
/// The person-relevant part of one captured event: who it is for and how it changes that
/// person's properties ($set, $set_once, $unset).
/// </summary>
public sealed record CaptureEvent(
    string Event,
    string DistinctId,
    DateTime Timestamp,
    JsonObject? Set = null,
    JsonObject? SetOnce = null,
    string[]? Unset = null,
    string? AnonymousDistinctId = null,
    bool ProcessPersonProfile = true)
{
    /// <summary>True for $identify, which marks the person identified.</summary>
    public bool IsIdentify => Event == "$identify";

    /// <summary>A $set event as PATCH and update_property send it.</summary>
    public static CaptureEvent SetProperties(string distinctId, JsonObject set, DateTime now) =>
        new("$set", distinctId, now, Set: set);

    /// <summary>A $delete_person_property event as delete_property sends it.</summary>
    public static CaptureEvent UnsetProperty(string distinctId, string key, DateTime now) =>
        new("$delete_person_property", distinctId, now, Unset: [key]);
}
