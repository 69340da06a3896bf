using System;
using System.Management.Automation;
using PostHogPersons.Client;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// <para type="synopsis">Forgets the connection made by Connect-PHProject.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "PHProject")]
    [OutputType(typeof(void))]
    public sealed class DisconnectPHProjectCommand : PSCmdlet
    {
        /// <summary>A context from Connect-PHProject -PassThru to close instead of the default.</summary>
        [Parameter(ValueFromPipeline = true)]
        [ValidateNotNull]
        public PHContext Context { get; set; }

        protected override void ProcessRecord()
        {
            if (Context == null)
            {
                return;
            }

            PostHogConnection connection = Context.Connection;
            if (connection == null)
            {
                WriteError(new ErrorRecord(
                    new ArgumentException(
                        "This PHContext was not made by Connect-PHProject in this session."),
                    "InvalidContext",
                    ErrorCategory.InvalidArgument,
                    Context));
                return;
            }

            if (ReferenceEquals(connection, PHSession.Current))
            {
                PHSession.SetCurrent(null);
            }
            else
            {
                connection.Dispose();
            }

            WriteVerbose($"Disconnected from {Context}; the API key is no longer held for it.");
        }

        protected override void EndProcessing()
        {
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Context))
                || MyInvocation.ExpectingInput)
            {
                return;
            }

            if (PHSession.Current == null)
            {
                WriteVerbose("There was no connection to forget.");
                return;
            }

            PHSession.SetCurrent(null);
            WriteVerbose("Disconnected; the API key is no longer held by this session.");
        }
    }
}
