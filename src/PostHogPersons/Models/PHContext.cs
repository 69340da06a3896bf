using System;
using PostHogPersons.Client;

namespace PostHogPersons.Models
{
    /// <summary>What the session is connected to. Holds no secret.</summary>
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

        internal static PHContext From(PostHogConnection connection)
        {
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
            };
        }
    }
}
