namespace PostHogPersons.Client.Errors
{
    /// <summary>
    /// PostHog's 403 for endpoints that derive no API scope (the lifecycle, trends, funnel
    /// and funnel correlation persons, and the properties timeline): every scoped personal
    /// API key is refused there, even one with all scopes ('*'). Its text alone does not say
    /// what to do, so the error the user sees explains it.
    /// </summary>
    public static class ScopedKeyRefusal
    {
        /// <summary>PostHog's detail for this refusal.</summary>
        public const string PostHogDetail = "This action does not support Personal API Key access";

        /// <summary>The stable error id.</summary>
        public const string ErrorId = "PersonalApiKeyNotSupported";

        /// <summary>Whether <paramref name="error"/> is this refusal.</summary>
        public static bool Matches(PostHogApiException error)
        {
            return error is PostHogPermissionException
                && error.Detail != null
                && error.Detail.Trim() == PostHogDetail;
        }

        /// <summary>The same refusal with a message that says what to do.</summary>
        public static PostHogPermissionException Explain(PostHogApiException error)
        {
            RequestFailure original = error.Failure;
            var explained = new RequestFailure
            {
                Method = original.Method,
                Path = original.Path,
                StatusCode = original.StatusCode,
                ContentType = original.ContentType,
                ErrorType = original.ErrorType,
                Code = original.Code,
                Detail = "PostHog lets no personal API key with scopes use this endpoint, not even "
                    + "one with every scope ('*'), because the endpoint has no API scope. Connect "
                    + "with a personal API key that has no scopes (an older key with full access), "
                    + "or use the PostHog app in a browser session. PostHog said: " + PostHogDetail,
                BodyExcerpt = original.BodyExcerpt,
                Attempts = original.Attempts,
                RetryAfterSeconds = original.RetryAfterSeconds,
            };
            return new PostHogPermissionException(explained);
        }
    }
}
