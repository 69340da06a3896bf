namespace PostHogPersons.Client
{
    /// <summary>
    /// Where the client reports what it does: one Verbose line per request or retry,
    /// Debug lines with more detail. Implementations may be called from any thread.
    /// Nothing written here ever contains the API key.
    /// </summary>
    public interface IRequestLog
    {
        void Verbose(string message);

        void Debug(string message);
    }

    /// <summary>A log that discards everything.</summary>
    public sealed class NullRequestLog : IRequestLog
    {
        public static readonly NullRequestLog Instance = new NullRequestLog();

        public void Verbose(string message) { }

        public void Debug(string message) { }
    }
}
