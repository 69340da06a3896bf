using System;
using PostHogPersons.Client.Errors;

namespace PostHogPersons.Client
{
    /// <summary>
    /// Makes a page's <c>next</c> link safe to follow: only its path and query are kept and
    /// rebased on the configured API base, so the key never travels to another host or
    /// scheme, whatever the link says.
    /// </summary>
    public static class NextLink
    {
        /// <summary>
        /// Returns the link as a URI relative to <paramref name="apiBase"/>, or throws a
        /// <see cref="PostHogPagingException"/> when its path lies outside the API base.
        /// </summary>
        public static string Rebase(string next, Uri apiBase, Uri current)
        {
            string pathAndQuery;
            if (Uri.TryCreate(next, UriKind.Absolute, out Uri absolute)
                && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps))
            {
                pathAndQuery = absolute.PathAndQuery;
            }
            else if (next.StartsWith("/", StringComparison.Ordinal)
                && !next.StartsWith("//", StringComparison.Ordinal))
            {
                pathAndQuery = next;
            }
            else if (next.StartsWith("api/", StringComparison.Ordinal))
            {
                // PostHog's legacy insight helpers (format_paginated_url) drop the leading
                // slash of the path once the request already had an offset.
                pathAndQuery = "/" + next;
            }
            else if (!next.Contains(":") && !next.StartsWith("//", StringComparison.Ordinal))
            {
                pathAndQuery = new Uri(current, next).PathAndQuery;
            }
            else
            {
                throw Refuse(next, current, "is not an http(s) link");
            }

            string basePath = apiBase.AbsolutePath;
            if (pathAndQuery.StartsWith(basePath, StringComparison.Ordinal))
            {
                return pathAndQuery.Substring(basePath.Length);
            }

            // A proxy that serves PostHog under a base path may hide that path from PostHog,
            // whose links then start at /api/.
            if (pathAndQuery.StartsWith("/api/", StringComparison.Ordinal))
            {
                return pathAndQuery.Substring(1);
            }

            throw Refuse(next, current, $"leaves the API base path '{basePath}'");
        }

        private static PostHogPagingException Refuse(string next, Uri current, string why)
        {
            return new PostHogPagingException(new RequestFailure
            {
                Method = "GET",
                Path = current.PathAndQuery,
                StatusCode = 200,
                Detail = $"The list's next link '{Shorten(next)}' {why}; paging stopped",
            });
        }

        internal static string Shorten(string link)
        {
            return link.Length > 200 ? link.Substring(0, 200) + "…" : link;
        }
    }
}
