using System.Management.Automation;
using PostHogPersons.Client;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// <para type="synopsis">Forgets the connection made by Connect-PHProject.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "PHProject")]
    [OutputType(typeof(void))]
    public sealed class DisconnectPHProjectCommand : PSCmdlet
    {
        protected override void EndProcessing()
        {
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
