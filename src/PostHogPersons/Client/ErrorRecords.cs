using System;
using System.Management.Automation;
using System.Net.Http;
using PostHogPersons.Client.Errors;

namespace PostHogPersons.Client
{
    /// <summary>
    /// Turns exceptions into ErrorRecords with stable ids and fitting categories, so that
    /// scripts can branch on FullyQualifiedErrorId instead of parsing messages.
    /// </summary>
    public static class ErrorRecords
    {
        /// <summary>
        /// The ErrorRecord for <paramref name="error"/>, with <paramref name="target"/> as its
        /// target object. A 404 on a person becomes <paramref name="notFoundId"/>.
        /// </summary>
        public static ErrorRecord From(
            Exception error, object target, string notFoundId = "PersonNotFound")
        {
            if (error is PostHogApiException refused && ScopedKeyRefusal.Matches(refused))
            {
                return new ErrorRecord(
                    ScopedKeyRefusal.Explain(refused),
                    ScopedKeyRefusal.ErrorId,
                    ErrorCategory.PermissionDenied,
                    target);
            }

            string id;
            ErrorCategory category;
            switch (error)
            {
                case PostHogNotFoundException notFound:
                    id = NotFoundId(notFound, notFoundId);
                    category = ErrorCategory.ObjectNotFound;
                    break;
                case PostHogAuthenticationException _:
                    id = "AuthenticationFailed";
                    category = ErrorCategory.AuthenticationError;
                    break;
                case PostHogPermissionException _:
                    id = "PermissionDenied";
                    category = ErrorCategory.PermissionDenied;
                    break;
                case PostHogValidationException _:
                    id = "InvalidRequest";
                    category = ErrorCategory.InvalidArgument;
                    break;
                case PostHogRateLimitException _:
                    id = "RateLimited";
                    category = ErrorCategory.LimitsExceeded;
                    break;
                case PostHogTimeoutException _:
                    id = "RequestTimedOut";
                    category = ErrorCategory.OperationTimeout;
                    break;
                case PostHogResponseFormatException _:
                    id = "InvalidResponse";
                    category = ErrorCategory.InvalidResult;
                    break;
                case PostHogQueryTimeoutException _:
                    id = "QueryTimedOut";
                    category = ErrorCategory.OperationTimeout;
                    break;
                case PostHogPagingException _:
                    id = "PagingFailed";
                    category = ErrorCategory.InvalidResult;
                    break;
                case PostHogServerException server:
                    bool broken = server.StatusCode == 0 || server.Failure.ConnectionBroken;
                    id = broken ? "ConnectionFailed" : "ServerError";
                    category = broken
                        ? ErrorCategory.ConnectionError
                        : ErrorCategory.ResourceUnavailable;
                    break;
                case PostHogApiException _:
                    id = "RequestFailed";
                    category = ErrorCategory.InvalidOperation;
                    break;
                case HttpRequestException _:
                    id = "ConnectionFailed";
                    category = ErrorCategory.ConnectionError;
                    break;
                case ArgumentException _:
                    id = "InvalidArgument";
                    category = ErrorCategory.InvalidArgument;
                    break;
                default:
                    id = "UnexpectedError";
                    category = ErrorCategory.NotSpecified;
                    break;
            }

            return new ErrorRecord(error, id, category, target);
        }

        /// <summary>An ErrorRecord for a problem found before any request was sent.</summary>
        public static ErrorRecord Invalid(string id, string message, object target,
            ErrorCategory category = ErrorCategory.InvalidArgument)
        {
            return new ErrorRecord(new ArgumentException(message), id, category, target);
        }

        private static string NotFoundId(PostHogNotFoundException error, string notFoundId)
        {
            switch (error.Detail)
            {
                case "Project not found.":
                    return "ProjectNotFound";
                case "Endpoint not found.":
                    return "EndpointNotFound";
                default:
                    return notFoundId;
            }
        }
    }
}
