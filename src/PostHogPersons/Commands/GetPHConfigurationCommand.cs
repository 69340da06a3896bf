using System.Management.Automation;
using PostHogPersons.Client;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// <para type="synopsis">Shows the module's defaults: paging, retries, timeouts and request rates.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "PHConfiguration")]
    [OutputType(typeof(PHConfiguration))]
    public sealed class GetPHConfigurationCommand : PSCmdlet
    {
        /// <summary>
        /// Session (the default): the configuration in force. CurrentUser: the defaults with
        /// the current user's saved file read again now.
        /// </summary>
        [Parameter]
        public PHConfigurationScope Scope { get; set; } = PHConfigurationScope.Session;

        protected override void EndProcessing()
        {
            string path = ConfigurationFile.Path;
            PHConfiguration configuration;
            string problem;
            if (Scope == PHConfigurationScope.CurrentUser)
            {
                configuration = ConfigurationFile.Load(path, out problem);
            }
            else
            {
                configuration = PHConfiguration.Current.Clone();
                problem = PHConfiguration.LoadProblem;
            }

            if (problem != null)
            {
                WriteWarning(problem);
            }

            WriteVerbose($"The current user's configuration file is {path}");
            WriteObject(configuration);
        }
    }
}
