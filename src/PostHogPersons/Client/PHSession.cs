using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security;

namespace PostHogPersons.Client
{
    /// <summary>
    /// The process-wide default connection set by Connect-PHProject, with a fallback to
    /// the POSTHOG_PERSONAL_API_KEY, POSTHOG_HOST and POSTHOG_PROJECT_ID environment
    /// variables for scheduled tasks that never call Connect-PHProject.
    /// </summary>
    public static class PHSession
    {
        /// <summary>The environment variable that holds the personal API key.</summary>
        public const string KeyVariable = "POSTHOG_PERSONAL_API_KEY";

        /// <summary>The environment variable that holds the API host (us, eu or a URL).</summary>
        public const string HostVariable = "POSTHOG_HOST";

        /// <summary>The environment variable that holds the project id.</summary>
        public const string ProjectVariable = "POSTHOG_PROJECT_ID";

        private static readonly object Gate = new object();
        private static readonly Dictionary<string, PostHogConnection> FromEnvironment =
            new Dictionary<string, PostHogConnection>(StringComparer.Ordinal);

        private static PostHogConnection _current;

        /// <summary>The connection made by Connect-PHProject, or null.</summary>
        public static PostHogConnection Current
        {
            get { lock (Gate) { return _current; } }
        }

        /// <summary>
        /// Makes <paramref name="connection"/> the default, disposing the old one.
        /// </summary>
        public static void SetCurrent(PostHogConnection connection)
        {
            PostHogConnection old;
            lock (Gate)
            {
                old = _current;
                _current = connection;
            }

            // A connection whose PHContext was handed out stays usable with -Context when
            // another connection replaces it; Disconnect-PHProject (null) always forgets it.
            if (old != null
                && !ReferenceEquals(old, connection)
                && (connection == null || !old.IsShared))
            {
                old.Dispose();
            }
        }

        /// <summary>
        /// The connection to use: Connect-PHProject's, else one built from the environment
        /// variables (cached, so its HTTP client is reused), else null.
        /// </summary>
        public static PostHogConnection Resolve()
        {
            PostHogConnection current = Current;
            if (current != null)
            {
                return current;
            }

            string key = Environment.GetEnvironmentVariable(KeyVariable);
            string project = Environment.GetEnvironmentVariable(ProjectVariable);
            if (string.IsNullOrWhiteSpace(key) || string.IsNullOrWhiteSpace(project))
            {
                return null;
            }

            string host = Environment.GetEnvironmentVariable(HostVariable);
            if (string.IsNullOrWhiteSpace(host))
            {
                host = "us";
            }

            if (!long.TryParse(
                project.Trim(),
                NumberStyles.None,
                CultureInfo.InvariantCulture,
                out long projectId))
            {
                throw new ArgumentException(
                    $"The environment variable {ProjectVariable} is not a project id "
                    + "(a positive number).");
            }

            string cacheKey = host + "|" + projectId + "|" + key.GetHashCode();
            lock (Gate)
            {
                if (!FromEnvironment.TryGetValue(cacheKey, out PostHogConnection connection)
                    || connection.IsDisposed)
                {
                    connection = new PostHogConnection(
                        ApiHost.Resolve(host), projectId, ToSecure(key.Trim()))
                    {
                        KeySource = "Environment",
                        MaximumRetryCount = Models.PHConfiguration.Current.MaximumRetryCount,
                        RetryIntervalSec = Models.PHConfiguration.Current.RetryIntervalSec,
                        TimeoutSec = Models.PHConfiguration.Current.TimeoutSec,
                    };
                    FromEnvironment[cacheKey] = connection;
                }

                return connection;
            }
        }

        internal static SecureString ToSecure(string text)
        {
            var secure = new SecureString();
            foreach (char c in text)
            {
                secure.AppendChar(c);
            }

            secure.MakeReadOnly();
            return secure;
        }
    }
}
