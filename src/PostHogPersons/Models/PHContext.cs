using System;
using PostHogPersons.Client;

namespace PostHogPersons.Models
{
    /// <summary>
    /// What a session or a script is connected to; pass it to -Context to use that project
    /// instead of the session default. No public member holds the key.
    /// </summary>
    public sealed class PHContext
    {
        /// <summary>The API base URI.</summary>
        public Uri ApiHost { get; set; }

        /// <summary>The project id.</summary>
        public long ProjectId { get; set; }

        /// <summary>Where capture events go.</summary>
        public Uri IngestHost { get; set; }

        /// <summary>Where the key came from: Parameter, Credential or Environment.</summary>
        public string KeySource { get; set; }

        /// <summary>Whether a project token was given for capture.</summary>
        public bool HasProjectToken { get; set; }

        /// <summary>Retries after the first try.</summary>
        public int MaximumRetryCount { get; set; }

        /// <summary>The first retry wait in seconds.</summary>
        public double RetryIntervalSec { get; set; }

        /// <summary>Seconds one request may take.</summary>
        public int TimeoutSec { get; set; }

        /// <summary>
        /// The proxy given to Connect-PHProject; empty when the system proxy is used.
        /// </summary>
        public Uri Proxy { get; set; }

        /// <summary>Whether server certificates are accepted unchecked.</summary>
        public bool SkipCertificateCheck { get; set; }

        /// <summary>
        /// The connection behind the context (with the key); not visible to scripts.
        /// </summary>
        internal PostHogConnection Connection { get; private set; }

        /// <summary>Project and host, for messages; never the key.</summary>
        public override string ToString() => $"PostHog project {ProjectId} at {ApiHost}";

        internal static PHContext From(PostHogConnection connection)
        {
            connection.IsShared = true;
            return new PHContext
            {
                ApiHost = connection.ApiBase,
                ProjectId = connection.ProjectId,
                IngestHost = connection.IngestBase,
                KeySource = connection.KeySource,
                HasProjectToken = !string.IsNullOrEmpty(connection.ProjectToken),
                MaximumRetryCount = connection.MaximumRetryCount,
                RetryIntervalSec = connection.RetryIntervalSec,
                TimeoutSec = connection.TimeoutSec,
                Proxy = connection.Network.Proxy,
                SkipCertificateCheck = connection.Network.SkipCertificateCheck,
                Connection = connection,
            };
        }
    }
}
