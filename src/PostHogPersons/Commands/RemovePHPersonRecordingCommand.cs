using System.Management.Automation;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// <para type="synopsis">Queues the deletion of the recordings of PostHog persons.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "PHPersonRecording", SupportsShouldProcess = true,
        ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(PHPersonChange))]
    public sealed class RemovePHPersonRecordingCommand : PHDataDeletionCmdlet
    {
        /// <summary>A cmdlet that queues the deletion of persons' session recordings.</summary>
        public RemovePHPersonRecordingCommand()
            : base(events: false)
        {
        }
    }
}
