using System;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using PostHogPersons.Client.Errors;

namespace PostHogPersons.Client
{
    /// <summary>
    /// How an answer becomes a typed exception: the status, the content type, the body.
    /// </summary>
    public sealed partial class PostHogClient
    {
        /// <summary>Turns an error status or a malformed success into a typed exception.</summary>
        private static void Check(
            ApiRequest request, ApiResponse answer, RequestFailure failure, string secret)
        {
            int status = failure.StatusCode;
            if (status >= 300)
            {
                failure.ReadBody(answer.Body, secret);
                throw ErrorForStatus(status, failure, secret);
            }

            bool hasBody = answer.Body.Length > 0;
            if (!request.ExpectJson && !hasBody)
            {
                return;
            }

            if (!IsJson(answer.ContentType))
            {
                if (!request.ExpectJson && string.IsNullOrEmpty(answer.ContentType))
                {
                    return;
                }

                failure.BodyExcerpt = RequestFailure.Excerpt(answer.Body, secret);
                failure.Detail = $"Expected JSON but got {answer.ContentType ?? "no content type"}"
                    + (hasBody ? ": " + failure.BodyExcerpt : " and an empty body")
                    + " (a proxy, a login page or a wrong API host?)";
                throw new PostHogResponseFormatException(failure);
            }

            if (!hasBody)
            {
                failure.Detail = "Expected a JSON body but the answer was empty";
                throw new PostHogResponseFormatException(failure);
            }

            try
            {
                answer.Json = JsonDocument.Parse(answer.Body);
            }
            catch (JsonException error)
            {
                failure.BodyExcerpt = RequestFailure.Excerpt(answer.Body, secret);
                failure.Detail = $"The JSON answer is truncated or invalid ({error.Message}); "
                    + $"{answer.Body.Length} bytes starting: {failure.BodyExcerpt}";
                throw new PostHogResponseFormatException(failure, error);
            }
        }

        /// <summary>
        /// The error for a JSON answer that was parsed but cannot be read as expected: a
        /// string that is not valid UTF-8 or UTF-16, or a value of an unexpected kind
        /// (<paramref name="error"/>, usually an InvalidOperationException).
        /// </summary>
        public PostHogResponseFormatException Unreadable(
            ApiRequest request, ApiResponse response, Exception error)
        {
            string excerpt = Excerpt(response.Body);
            var failure = new RequestFailure
            {
                Method = request.Method.Method,
                Path = new Uri(new Uri("http://x/"), request.RelativeUri).PathAndQuery,
                StatusCode = (int)response.StatusCode,
                ContentType = response.ContentType,
                BodyExcerpt = excerpt,
                Detail = $"The JSON answer cannot be read ({error.Message}); starting: {excerpt}",
            };
            return new PostHogResponseFormatException(failure, error);
        }

        private static PostHogApiException ErrorForStatus(
            int status, RequestFailure failure, string secret)
        {
            if (status < 400)
            {
                string target = failure.Location == null
                    ? string.Empty
                    : " to " + NextLink.Shorten(
                        RequestFailure.Scrub(failure.Location.OriginalString, secret));
                failure.Detail = $"PostHog redirected the request (HTTP {status}){target}; "
                    + "redirects are not followed so that the API key stays with the "
                    + "configured host";
                return new PostHogResponseFormatException(failure);
            }

            bool json = IsJson(failure.ContentType);
            if (failure.Detail == null && !json && failure.BodyExcerpt.Length > 0)
            {
                failure.Detail = $"HTTP {status} with {failure.ContentType ?? "no content type"}: "
                    + failure.BodyExcerpt;
            }

            if (!json && (status == 400 || status == 404))
            {
                // Not PostHog's answer (its errors are JSON) but a proxy's or another
                // server's: reporting PersonNotFound or InvalidRequest would mislead.
                failure.Detail = (failure.Detail ?? $"HTTP {status} with no body")
                    + " (a proxy or a wrong API host?)";
                return new PostHogResponseFormatException(failure);
            }

            switch (status)
            {
                case 400:
                    return new PostHogValidationException(failure);
                case 401:
                    return new PostHogAuthenticationException(failure);
                case 403:
                    return new PostHogPermissionException(failure);
                case 404:
                    return new PostHogNotFoundException(failure);
                case 429:
                    return new PostHogRateLimitException(failure);
                default:
                    return status >= 500
                        ? new PostHogServerException(failure)
                        : new PostHogApiException(failure);
            }
        }

        private static bool IsJson(string mediaType)
        {
            return mediaType != null
                && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                    || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
        }

        private static bool IsAbort(Exception error)
        {
            return error is OperationCanceledException || error is ObjectDisposedException
                || error is IOException || error is HttpRequestException;
        }

        private static Exception Innermost(Exception error)
        {
            while (error.InnerException != null)
            {
                error = error.InnerException;
            }

            return error;
        }
    }
}
