using System;

namespace PostHogPersons.Client.Errors
{
    /// <summary>
    /// PostHog answered a request with an error status. Carries what the server said
    /// (its type, code, detail and attr) and which request it was, never the API key.
    /// </summary>
    public class PostHogApiException : Exception
    {
        /// <summary>
        /// Creates the exception from a failed request and its parsed error body.
        /// </summary>
        public PostHogApiException(RequestFailure failure, Exception inner = null)
            : base(failure.ToMessage(), inner)
        {
            Failure = failure;
        }

        /// <summary>What the request was and what the server answered.</summary>
        public RequestFailure Failure { get; }

        /// <summary>The HTTP status code; 0 when no response arrived.</summary>
        public int StatusCode => Failure.StatusCode;

        /// <summary>PostHog's human-readable explanation, when it gave one.</summary>
        public string Detail => Failure.Detail;
    }

    /// <summary>400: PostHog refused the request's values.</summary>
    public sealed class PostHogValidationException : PostHogApiException
    {
        public PostHogValidationException(RequestFailure failure) : base(failure) { }
    }

    /// <summary>401: the API key is missing or not valid.</summary>
    public sealed class PostHogAuthenticationException : PostHogApiException
    {
        public PostHogAuthenticationException(RequestFailure failure) : base(failure) { }
    }

    /// <summary>403: the key lacks a scope, or has no access to the project.</summary>
    public sealed class PostHogPermissionException : PostHogApiException
    {
        public PostHogPermissionException(RequestFailure failure) : base(failure) { }
    }

    /// <summary>404: the person, project or endpoint does not exist.</summary>
    public sealed class PostHogNotFoundException : PostHogApiException
    {
        public PostHogNotFoundException(RequestFailure failure) : base(failure) { }
    }

    /// <summary>429: PostHog throttled the request and the retries ran out.</summary>
    public sealed class PostHogRateLimitException : PostHogApiException
    {
        public PostHogRateLimitException(RequestFailure failure) : base(failure) { }
    }

    /// <summary>5xx, or the connection failed, after the retries ran out.</summary>
    public sealed class PostHogServerException : PostHogApiException
    {
        public PostHogServerException(RequestFailure failure, Exception inner = null)
            : base(failure, inner) { }
    }

    /// <summary>
    /// The answer was not what PostHog sends: HTML from a proxy or a login page, another
    /// content type, truncated or invalid JSON, an empty body where JSON was due.
    /// </summary>
    public sealed class PostHogResponseFormatException : PostHogApiException
    {
        public PostHogResponseFormatException(RequestFailure failure, Exception inner = null)
            : base(failure, inner) { }
    }

    /// <summary>
    /// A list's <c>next</c> link cannot be followed safely: it does not advance, or it
    /// points outside the configured API base.
    /// </summary>
    public sealed class PostHogPagingException : PostHogApiException
    {
        public PostHogPagingException(RequestFailure failure) : base(failure) { }
    }

    /// <summary>The request did not finish within the configured timeout.</summary>
    public sealed class PostHogTimeoutException : PostHogApiException
    {
        public PostHogTimeoutException(RequestFailure failure, Exception inner = null)
            : base(failure, inner) { }
    }
}
