using System.Text.Json;

namespace PostHogServer.Control;

/// <summary>One API request as the server saw it (control requests are never recorded).</summary>
public sealed record RequestRecord(
    long Seq,
    string Method,
    string Path,
    string Query,
    string? Body,
    string? Authorization,
    string? Host,
    int Status,
    double DurationMs,
    string? FaultApplied);

/// <summary>
/// Bounded in-memory log of API requests, oldest first; the oldest are dropped when full.
/// </summary>
public sealed class RequestLog
{
    /// <summary>How many requests are kept.</summary>
    public const int Capacity = 200_000;

    private readonly object gate = new();
    private readonly RequestRecord?[] ring = new RequestRecord?[Capacity];
    private int start;
    private int count;
    private long lastSeq;

    // Requests that arrived before the last Clear: one still finishing when the log is
    // cleared (its record is added when its response is done) must not appear after it.
    private long clearedThroughSeq;

    /// <summary>Number of requests currently held.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return count;
            }
        }
    }

    /// <summary>Reserves the sequence number of a request when it arrives.</summary>
    public long NextSeq() => Interlocked.Increment(ref lastSeq);

    /// <summary>Adds a finished request.</summary>
    public void Add(RequestRecord record)
    {
        lock (gate)
        {
            if (record.Seq <= clearedThroughSeq)
            {
                return;
            }

            var index = (start + count) % Capacity;
            ring[index] = record;
            if (count < Capacity)
            {
                count++;
            }
            else
            {
                start = (start + 1) % Capacity;
            }
        }
    }

    /// <summary>Drops all records, and those of requests that arrived before and finish later.</summary>
    public void Clear()
    {
        lock (gate)
        {
            Array.Clear(ring);
            start = 0;
            count = 0;
            clearedThroughSeq = Interlocked.Read(ref lastSeq);
        }
    }

    /// <summary>
    /// Records with a sequence number above <paramref name="afterSeq"/>, by sequence.
    /// </summary>
    public List<RequestRecord> Snapshot(long afterSeq)
    {
        var result = new List<RequestRecord>();
        lock (gate)
        {
            for (var i = 0; i < count; i++)
            {
                var record = ring[(start + i) % Capacity]!;
                if (record.Seq > afterSeq)
                {
                    result.Add(record);
                }
            }
        }

        result.Sort((a, b) => a.Seq.CompareTo(b.Seq));
        return result;
    }

    /// <summary>Writes records as a JSON array.</summary>
    public static void Write(Utf8JsonWriter writer, List<RequestRecord> records)
    {
        writer.WriteStartArray();
        foreach (var r in records)
        {
            writer.WriteStartObject();
            writer.WriteNumber("seq", r.Seq);
            writer.WriteString("method", r.Method);
            writer.WriteString("path", r.Path);
            writer.WriteString("query", r.Query);
            writer.WriteString("body", r.Body);
            writer.WriteString("authorization", r.Authorization);
            writer.WriteString("host", r.Host);
            writer.WriteNumber("status", r.Status);
            writer.WriteNumber("durationMs", Math.Round(r.DurationMs, 3));
            writer.WriteString("faultApplied", r.FaultApplied);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
