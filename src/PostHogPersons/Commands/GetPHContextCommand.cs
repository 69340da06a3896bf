using System.Management.Automation;
using PostHogPersons.Client;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// <para type="synopsis">Shows which PostHog project the session uses.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "PHContext")]
    [OutputType(typeof(PHContext))]
    public sealed class GetPHContextCommand : PSCmdlet
    {
        protected override void EndProcessing()
        {
            PostHogConnection connection;
            try
            {
                connection = PHSession.Resolve();
            }
            catch (System.ArgumentException error)
            {
                ThrowTerminatingError(new ErrorRecord(error, "InvalidEnvironment", ErrorCategory.InvalidArgument, null));
                return;
            }

            if (connection != null)
            {
                WriteObject(PHContext.From(connection));
            }
        }
    }
}
