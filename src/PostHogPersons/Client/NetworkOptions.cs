using System;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace PostHogPersons.Client
{
    /// <summary>
    /// How a connection reaches PostHog: an explicit proxy (else the system proxy), the
    /// credentials for that proxy, and whether the server certificate is checked.
    /// </summary>
    internal sealed class NetworkOptions
    {
        private static readonly string[] ProxySchemes =
            { "http", "https", "socks4", "socks4a", "socks5" };

        /// <summary>
        /// The proxy to use instead of the system proxy; null for the system proxy.
        /// </summary>
        public Uri Proxy { get; set; }

        /// <summary>Credentials for the proxy (explicit or system); null for none.</summary>
        public ICredentials ProxyCredentials { get; set; }

        /// <summary>Whether the proxy gets the current user's Windows credentials.</summary>
        public bool ProxyUseDefaultCredentials { get; set; }

        /// <summary>Whether any server certificate is accepted (test servers only).</summary>
        public bool SkipCertificateCheck { get; set; }

        /// <summary>Checks that <paramref name="proxy"/> can be used as a proxy address.</summary>
        /// <exception cref="ArgumentException">It is relative, carries credentials or a
        /// path, or has a scheme no proxy uses.</exception>
        public static void CheckProxy(Uri proxy)
        {
            if (!proxy.IsAbsoluteUri || Array.IndexOf(ProxySchemes, proxy.Scheme) < 0)
            {
                throw new ArgumentException(
                    $"'{proxy}' is not a proxy address. "
                    + "Use http://host:port (or https, socks4, socks5).");
            }

            if (!string.IsNullOrEmpty(proxy.UserInfo))
            {
                throw new ArgumentException(
                    "The proxy address must not carry a user name or password; "
                    + "use -ProxyCredential.");
            }
        }

        /// <summary>
        /// The handler for a connection's one HttpClient: no redirects (the key stays with the
        /// configured host), no cookies, compressed answers, and these network options.
        /// </summary>
        public static HttpMessageHandler CreateHandler(NetworkOptions options)
        {
            options = options ?? new NetworkOptions();
            var handler = new HttpClientHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                MaxConnectionsPerServer = 32,
                UseProxy = true,
            };
            ICredentials credentials = options.ProxyUseDefaultCredentials
                ? CredentialCache.DefaultCredentials
                : options.ProxyCredentials;
            if (options.Proxy != null)
            {
                handler.Proxy = new WebProxy(options.Proxy)
                {
                    BypassProxyOnLocal = false,
                    UseDefaultCredentials = options.ProxyUseDefaultCredentials,
                    Credentials = credentials,
                };
            }
            else if (credentials != null)
            {
                handler.DefaultProxyCredentials = credentials;
            }

            if (options.SkipCertificateCheck)
            {
                handler.ServerCertificateCustomValidationCallback = AcceptAnyCertificate;
            }

            return handler;
        }

        private static bool AcceptAnyCertificate(
            HttpRequestMessage request,
            X509Certificate2 certificate,
            X509Chain chain,
            SslPolicyErrors errors)
        {
            return true;
        }
    }
}
