namespace PostHogPersons.Client.Errors
{
    /// <summary>
    /// An async query (PostHog answered 202) did not complete within the time the caller
    /// allowed. The client asked PostHog to cancel it.
    /// </summary>
    public sealed class PostHogQueryTimeoutException : PostHogApiException
    {
        /// <summary>Creates the exception for the query's last poll.</summary>
        public PostHogQueryTimeoutException(RequestFailure failure) : base(failure) { }

        /// <summary>PostHog's id of the query that did not complete.</summary>
        public string QueryId { get; internal set; }
    }
}
