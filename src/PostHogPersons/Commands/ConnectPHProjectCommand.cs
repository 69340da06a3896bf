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
    public sealed class ConnectPHProjectCommand : PHRequestOptionsCmdlet
    {
        private const string ApiKeySet = "ApiKey";
        private const string CredentialSet = "Credential";

        /// <summary>us, eu, or the URL of a self-hosted PostHog (a base path is kept).</summary>
        [Parameter(Position = 0)]
        [ArgumentCompleter(typeof(ApiHostCompleter))]
        [ValidateNotNullOrEmpty]
        public string ApiHost { get; set; }

        /// <summary>
        /// The project (environment) id, the number in /project/&lt;id&gt;/ URLs.
        /// </summary>
        [Parameter(Position = 1)]
        [ValidateRange(1, long.MaxValue)]
        public long ProjectId { get; set; }

        /// <summary>A personal API key (phx_…).</summary>
        [Parameter(ParameterSetName = ApiKeySet)]
        [ValidateNotNull]
        public SecureString ApiKey { get; set; }

        /// <summary>
        /// A credential whose password is the personal API key; the user name is ignored.
        /// </summary>
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

        /// <summary>Write the new context to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>
        /// Keep the session default as it is: the new connection is only in the context
        /// written to the pipeline (implies -PassThru), for use with -Context.
        /// </summary>
        [Parameter]
        public SwitchParameter NoDefault { get; set; }

        /// <summary>A proxy to use instead of the system proxy, e.g. http://proxy:3128.</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri Proxy { get; set; }

        /// <summary>Credentials for the proxy (-Proxy, else the system proxy).</summary>
        [Parameter]
        [Credential]
        [ValidateNotNull]
        public PSCredential ProxyCredential { get; set; }

        /// <summary>Give the proxy the current user's Windows credentials.</summary>
        [Parameter]
        public SwitchParameter ProxyUseDefaultCredentials { get; set; }

        /// <summary>
        /// Accept any server certificate (self-signed test servers); the key is then at risk.
        /// </summary>
        [Parameter]
        public SwitchParameter SkipCertificateCheck { get; set; }

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
                        "No API key: pass -ApiKey or -Credential, or set "
                        + $"{PHSession.KeyVariable}.");
                }

                key = PHSession.ToSecure(fromEnvironment.Trim());
                source = "Environment";
            }

            if (key.Length == 0)
            {
                Fail("ApiKeyMissing", "The API key is empty.");
            }

            NetworkOptions network = ReadNetworkOptions();
            RequestOptions given = BoundRequestOptions();
            PHConfiguration defaults = PHConfiguration.Current;
            PostHogConnection connection;
            try
            {
                connection = new PostHogConnection(Client.ApiHost.Resolve(host), projectId, key)
                {
                    KeySource = source,
                    ProjectToken = ProjectToken,
                    MaximumRetryCount = given?.MaximumRetryCount ?? defaults.MaximumRetryCount,
                    RetryIntervalSec = given?.RetryIntervalSec ?? defaults.RetryIntervalSec,
                    TimeoutSec = given?.TimeoutSec ?? defaults.TimeoutSec,
                    Network = network,
                };
                if (IngestHost != null)
                {
                    connection.IngestBase = Client.ApiHost.Resolve(IngestHost);
                }
            }
            catch (ArgumentException error)
            {
                ThrowTerminatingError(new ErrorRecord(
                    error, "InvalidApiHost", ErrorCategory.InvalidArgument, host));
                return;
            }

            if (SkipCertificateCheck)
            {
                WriteWarning(
                    "-SkipCertificateCheck: the server's certificate is not checked, so whoever "
                    + "can intercept the connection can read the API key. Use it only with test "
                    + "servers.");
            }

            if (!NoDefault)
            {
                PHSession.SetCurrent(connection);
            }

            WriteVerbose(
                $"Connected to project {projectId} at {connection.ApiBase} (key from {source})"
                + (NoDefault ? "; the session default is unchanged" : string.Empty));
            if (PassThru || NoDefault)
            {
                WriteObject(PHContext.From(connection));
            }
        }

        private NetworkOptions ReadNetworkOptions()
        {
            if (ProxyCredential != null && ProxyUseDefaultCredentials)
            {
                Fail(
                    "ProxyCredentialConflict",
                    "Use either -ProxyCredential or -ProxyUseDefaultCredentials, not both.");
            }

            if (Proxy != null)
            {
                try
                {
                    NetworkOptions.CheckProxy(Proxy);
                }
                catch (ArgumentException error)
                {
                    ThrowTerminatingError(
                        new ErrorRecord(
                            error, "InvalidProxy", ErrorCategory.InvalidArgument, Proxy));
                }
            }

            return new NetworkOptions
            {
                Proxy = Proxy,
                ProxyCredentials = ProxyCredential?.GetNetworkCredential(),
                ProxyUseDefaultCredentials = ProxyUseDefaultCredentials,
                SkipCertificateCheck = SkipCertificateCheck,
            };
        }

        private long ProjectFromEnvironment()
        {
            string text = Environment.GetEnvironmentVariable(PHSession.ProjectVariable);
            if (long.TryParse(text, out long id) && id > 0)
            {
                return id;
            }

            Fail(
                "ProjectIdMissing",
                $"No project id: pass -ProjectId or set {PHSession.ProjectVariable}.");
            return 0;
        }

        private void Fail(string id, string message)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException(message), id, ErrorCategory.InvalidArgument, null));
        }
    }
}
