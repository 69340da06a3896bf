using System;
using System.Net;

namespace PostHogPersons.Client
{
    /// <summary>
    /// Turns what a user types for -ApiHost (us, eu or a URL) into the base URI that every
    /// request is built on, and decides where capture events go for that host.
    /// </summary>
    public static class ApiHost
    {
        /// <summary>PostHog Cloud US, private API.</summary>
        public const string UsCloud = "https://us.posthog.com/";

        /// <summary>PostHog Cloud EU, private API.</summary>
        public const string EuCloud = "https://eu.posthog.com/";

        /// <summary>
        /// Resolves <paramref name="value"/> to an absolute base URI whose path ends with a
        /// slash, so that relative request paths keep a self-hosted base path.
        /// </summary>
        /// <exception cref="ArgumentException">The value is not a usable http(s) URL, or it
        /// is plain http to a host other than loopback.</exception>
        public static Uri Resolve(string value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException("The API host is empty. Use us, eu or a URL.");
            }

            string text = value.Trim();
            if (text.Equals("us", StringComparison.OrdinalIgnoreCase))
            {
                return new Uri(UsCloud);
            }

            if (text.Equals("eu", StringComparison.OrdinalIgnoreCase))
            {
                return new Uri(EuCloud);
            }

            if (text.IndexOf("://", StringComparison.Ordinal) < 0)
            {
                text = "https://" + text;
            }

            if (!Uri.TryCreate(text, UriKind.Absolute, out Uri uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException(
                    $"'{value}' is not an API host. Use us, eu or an http(s) URL.");
            }

            if (IsBareNumber(text))
            {
                // "https://8000" would be the IP address 0.0.31.64: almost surely a port typed
                // without its host, so it is refused before anything is sent anywhere.
                throw new ArgumentException(
                    $"'{value}' is not an API host: a host written as a bare number is read as an "
                    + "IP address. Use us, eu or an http(s) URL such as http://127.0.0.1:8000.");
            }

            if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment)
                || !string.IsNullOrEmpty(uri.UserInfo))
            {
                throw new ArgumentException(
                    $"The API host '{uri.GetLeftPart(UriPartial.Authority)}' must not carry "
                    + "a query, a fragment or user information.");
            }

            if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
            {
                throw new ArgumentException(
                    $"Refusing plain http to '{uri.Host}': the API key would travel "
                    + "unencrypted. Use https (plain http is allowed only to loopback).");
            }

            string path = uri.AbsolutePath.EndsWith("/", StringComparison.Ordinal)
                ? uri.AbsolutePath
                : uri.AbsolutePath + "/";
            return new UriBuilder(uri.Scheme, uri.Host, uri.Port, path).Uri;
        }

        /// <summary>Whether the host of <paramref name="url"/> (scheme included) is digits only.</summary>
        private static bool IsBareNumber(string url)
        {
            int start = url.IndexOf("://", StringComparison.Ordinal) + 3;
            int end = start;
            while (end < url.Length && url[end] != '/' && url[end] != ':' && url[end] != '?'
                && url[end] != '#')
            {
                end++;
            }

            if (end == start)
            {
                return false;
            }

            for (int i = start; i < end; i++)
            {
                if (url[i] < '0' || url[i] > '9')
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// The ingestion (capture) base URI for an API base: us.i.posthog.com and
        /// eu.i.posthog.com for PostHog Cloud, the API host itself when self-hosted.
        /// </summary>
        public static Uri DefaultIngestFor(Uri apiBase)
        {
            if (apiBase.AbsoluteUri == UsCloud)
            {
                return new Uri("https://us.i.posthog.com/");
            }

            if (apiBase.AbsoluteUri == EuCloud)
            {
                return new Uri("https://eu.i.posthog.com/");
            }

            return apiBase;
        }

        /// <summary>True for localhost and loopback addresses (127.0.0.0/8, ::1).</summary>
        public static bool IsLoopback(Uri uri)
        {
            if (uri.IsLoopback)
            {
                return true;
            }

            string host = uri.Host.Trim('[', ']');
            return IPAddress.TryParse(host, out IPAddress address) && IPAddress.IsLoopback(address);
        }
    }
}
