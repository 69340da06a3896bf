namespace PostHogServer.HogQL;

/// <summary>
/// A problem with a HogQL query (syntax, unknown table or field, missing placeholder). The
/// query endpoint answers it with 400 validation_error, as PostHog does.
/// </summary>
public sealed class HogQLException : Exception
{
    /// <summary>Creates the exception with a message for the user.</summary>
    public HogQLException(string message) : base(message)
    {
    }
}
