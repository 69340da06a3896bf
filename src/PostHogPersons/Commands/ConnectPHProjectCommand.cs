using System;
using System.Management.Automation;
using System.Security;
using PostHogPersons.Client;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// <para type="synopsis">Connects this session to a PostHog project.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "PHProject", DefaultParameterSetName = ApiKeySet)]
    [OutputType(typeof(PHContext))]
    public sealed class ConnectPHProjectCommand : PSCmdlet
    {
        private const string ApiKeySet = "ApiKey";
        private const string CredentialSet = "Credential";

        /// <summary>us, eu, or the URL of a self-hosted PostHog (a base path is kept).</summary>
        [Parameter(Position = 0)]
        [ArgumentCompleter(typeof(ApiHostCompleter))]
        [ValidateNotNullOrEmpty]
        public string ApiHost { get; set; }

        /// <summary>The project (environment) id, the number in /project/&lt;id&gt;/ URLs.</summary>
        [Parameter(Position = 1)]
        [ValidateRange(1, long.MaxValue)]
        public long ProjectId { get; set; }

        /// <summary>A personal API key (phx_…).</summary>
        [Parameter(ParameterSetName = ApiKeySet)]
        [ValidateNotNull]
        public SecureString ApiKey { get; set; }

        /// <summary>A credential whose password is the personal API key; the user name is ignored.</summary>
        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        [Credential]
        [ValidateNotNull]
        public PSCredential Credential { get; set; }

        /// <summary>The project token (phc_…), needed only for -UseCapture.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string ProjectToken { get; set; }

        /// <summary>Where capture events go; derived from -ApiHost when omitted.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string IngestHost { get; set; }

        /// <summary>Retries after the first try for 429, 502, 503, 504, resets and timeouts.</summary>
        [Parameter]
        [ValidateRange(0, 100)]
        public int MaximumRetryCount { get; set; } = 3;

        /// <summary>The first retry wait in seconds when PostHog sends no Retry-After.</summary>
        [Parameter]
        [ValidateRange(0, 3600)]
        public double RetryIntervalSec { get; set; } = 1;

        /// <summary>Seconds one request may take.</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; } = 100;

        /// <summary>Write the new context to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            string host = ApiHost
                ?? Environment.GetEnvironmentVariable(PHSession.HostVariable)
                ?? "us";
            long projectId = MyInvocation.BoundParameters.ContainsKey(nameof(ProjectId))
                ? ProjectId
                : ProjectFromEnvironment();
            SecureString key = ParameterSetName == CredentialSet ? Credential.Password : ApiKey;
            string source = ParameterSetName == CredentialSet ? "Credential" : "Parameter";
            if (key == null)
            {
                string fromEnvironment = Environment.GetEnvironmentVariable(PHSession.KeyVariable);
                if (string.IsNullOrWhiteSpace(fromEnvironment))
                {
                    Fail(
                        "ApiKeyMissing",
                        $"No API key: pass -ApiKey or -Credential, or set {PHSession.KeyVariable}.");
                }

                key = PHSession.ToSecure(fromEnvironment.Trim());
                source = "Environment";
            }

            if (key.Length == 0)
            {
                Fail("ApiKeyMissing", "The API key is empty.");
            }

            PostHogConnection connection;
            try
            {
                connection = new PostHogConnection(Client.ApiHost.Resolve(host), projectId, key)
                {
                    KeySource = source,
                    ProjectToken = ProjectToken,
                    MaximumRetryCount = MaximumRetryCount,
                    RetryIntervalSec = RetryIntervalSec,
                    TimeoutSec = TimeoutSec,
                };
                if (IngestHost != null)
                {
                    connection.IngestBase = Client.ApiHost.Resolve(IngestHost);
                }
            }
            catch (ArgumentException error)
            {
                ThrowTerminatingError(new ErrorRecord(error, "InvalidApiHost", ErrorCategory.InvalidArgument, host));
                return;
            }

            PHSession.SetCurrent(connection);
            WriteVerbose($"Connected to project {projectId} at {connection.ApiBase} (key from {source})");
            if (PassThru)
            {
                WriteObject(PHContext.From(connection));
            }
        }

        private long ProjectFromEnvironment()
        {
            string text = Environment.GetEnvironmentVariable(PHSession.ProjectVariable);
            if (long.TryParse(text, out long id) && id > 0)
            {
                return id;
            }

            Fail("ProjectIdMissing", $"No project id: pass -ProjectId or set {PHSession.ProjectVariable}.");
            return 0;
        }

        private void Fail(string id, string message)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException(message), id, ErrorCategory.InvalidArgument, null));
        }
    }
}
