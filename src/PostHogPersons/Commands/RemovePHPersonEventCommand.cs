using System.Management.Automation;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// <para type="synopsis">Queues the deletion of the events of PostHog persons.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "PHPersonEvent", SupportsShouldProcess = true,
        ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(PHPersonChange))]
    public sealed class RemovePHPersonEventCommand : PHDataDeletionCmdlet
    {
        /// <summary>A cmdlet that queues the deletion of persons' events.</summary>
        public RemovePHPersonEventCommand()
            : base(events: true)
        {
        }
    }
}
