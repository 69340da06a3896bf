using PostHogPersons.Client;

namespace PostHogPersons.Tests;

/// <summary>Collects the client's Verbose and Debug lines for assertions.</summary>
internal sealed class RecordingLog : IRequestLog
{
    public List<string> Lines { get; } = new();

    public void Verbose(string message)
    {
        lock (Lines) { Lines.Add("VERBOSE: " + message); }
    }

    public void Debug(string message)
    {
        lock (Lines) { Lines.Add("DEBUG: " + message); }
    }
}
