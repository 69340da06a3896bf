using System;
using System.Runtime.InteropServices;
using System.Security;

namespace PostHogPersons.Client
{
    /// <summary>
    /// One connection to one PostHog project: where to send requests, the API key (kept
    /// as a SecureString), retry and timeout settings, and the single HTTP client that
    /// every cmdlet using this connection shares.
    /// </summary>
    public sealed class PostHogConnection : IDisposable
    {
        private readonly object _clientLock = new object();
        private PostHogClient _client;

        /// <summary>Creates a connection; the key is copied and made read-only.</summary>
        public PostHogConnection(Uri apiBase, long projectId, SecureString apiKey)
        {
            if (projectId <= 0)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(projectId), "A project id is a positive number.");
            }

            ApiBase = apiBase ?? throw new ArgumentNullException(nameof(apiBase));
            ProjectId = projectId;
            ApiKey = apiKey?.Copy() ?? throw new ArgumentNullException(nameof(apiKey));
            ApiKey.MakeReadOnly();
            IngestBase = ApiHost.DefaultIngestFor(apiBase);
        }

        /// <summary>
        /// The API base URI, ending with a slash (keeps a self-hosted base path).
        /// </summary>
        public Uri ApiBase { get; }

        /// <summary>The project (environment) id used in every path.</summary>
        public long ProjectId { get; }

        /// <summary>Where capture events are sent.</summary>
        public Uri IngestBase { get; set; }

        /// <summary>The personal API key.</summary>
        internal SecureString ApiKey { get; }

        /// <summary>The project token (phc_…) for the capture endpoint, when given.</summary>
        internal string ProjectToken { get; set; }

        /// <summary>Where the key came from: Parameter, Credential or Environment.</summary>
        public string KeySource { get; set; } = "Parameter";

        /// <summary>Retries after the first try, for 429, 5xx gateway errors and resets.</summary>
        public int MaximumRetryCount { get; set; } = 3;

        /// <summary>
        /// The first backoff interval in seconds when PostHog gives no Retry-After.
        /// </summary>
        public double RetryIntervalSec { get; set; } = 1;

        /// <summary>Seconds one request may take before it is abandoned.</summary>
        public int TimeoutSec { get; set; } = 100;

        /// <summary>Proxy and certificate settings for the HTTP client.</summary>
        internal NetworkOptions Network { get; set; } = new NetworkOptions();

        /// <summary>
        /// Whether a PHContext for this connection was handed out (-Context may use it).
        /// </summary>
        internal bool IsShared { get; set; }

        /// <summary>Whether the connection was disposed, its key forgotten.</summary>
        internal bool IsDisposed { get; private set; }

        /// <summary>
        /// "/api/projects/{id}/" relative to the API base, without a leading slash.
        /// </summary>
        public string ProjectPath => "api/projects/" + ProjectId + "/";

        /// <summary>The persons endpoint relative to the API base.</summary>
        public string PersonsPath => ProjectPath + "persons/";

        /// <summary>The shared HTTP client, created on first use.</summary>
        public PostHogClient Client
        {
            get
            {
                lock (_clientLock)
                {
                    return _client ?? (_client = new PostHogClient(this));
                }
            }
        }

        /// <summary>Replaces the HTTP client, e.g. when proxy settings change.</summary>
        internal void ResetClient()
        {
            lock (_clientLock)
            {
                _client?.Dispose();
                _client = null;
            }
        }

        /// <summary>The key in clear, only to build the Authorization header.</summary>
        internal string RevealApiKey()
        {
            IntPtr pointer = Marshal.SecureStringToGlobalAllocUnicode(ApiKey);
            try
            {
                return Marshal.PtrToStringUni(pointer);
            }
            finally
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }

        public void Dispose()
        {
            IsDisposed = true;
            ResetClient();
            ApiKey.Dispose();
        }
    }
}
