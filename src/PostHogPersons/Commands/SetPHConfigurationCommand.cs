using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using PostHogPersons.Client;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// <para type="synopsis">Changes the module's defaults for this session or the current user.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "PHConfiguration", SupportsShouldProcess = true,
        ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(PHConfiguration))]
    public sealed class SetPHConfigurationCommand : PSCmdlet
    {
        /// <summary>Persons per list request when -PageSize is not given.</summary>
        [Parameter]
        [ValidateRange(1, PHConfiguration.MaximumPageSize)]
        public int PageSize { get; set; }

        /// <summary>Retries after the first try when Connect-PHProject gets no -MaximumRetryCount.</summary>
        [Parameter]
        [ValidateRange(0, 100)]
        public int MaximumRetryCount { get; set; }

        /// <summary>First retry wait in seconds when Connect-PHProject gets no -RetryIntervalSec.</summary>
        [Parameter]
        [ValidateRange(0, 3600)]
        public double RetryIntervalSec { get; set; }

        /// <summary>Seconds one request may take when Connect-PHProject gets no -TimeoutSec.</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; }

        /// <summary>How many requests a bulk cmdlet keeps in flight at once.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; }

        /// <summary>Persons reads and non-delete writes per minute.</summary>
        [Parameter]
        [ValidateRange(1, 100000)]
        public int PersonsReadPerMinute { get; set; }

        /// <summary>Person deletes per minute.</summary>
        [Parameter]
        [ValidateRange(1, 100000)]
        public int PersonsDeletePerMinute { get; set; }

        /// <summary>Person deletes per hour.</summary>
        [Parameter]
        [ValidateRange(1, 1000000)]
        public int PersonsDeletePerHour { get; set; }

        /// <summary>Query endpoint requests per minute.</summary>
        [Parameter]
        [ValidateRange(1, 100000)]
        public int QueryPerMinute { get; set; }

        /// <summary>Query endpoint requests per hour.</summary>
        [Parameter]
        [ValidateRange(1, 1000000)]
        public int QueryPerHour { get; set; }

        /// <summary>Query endpoint requests in flight at once.</summary>
        [Parameter]
        [ValidateRange(1, 100)]
        public int QueryConcurrency { get; set; }

        /// <summary>Session (this process; the default) or CurrentUser (also the user's file).</summary>
        [Parameter]
        public PHConfigurationScope Scope { get; set; } = PHConfigurationScope.Session;

        /// <summary>Write the configuration in force afterwards.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            List<KeyValuePair<ConfigurationSetting, double>> changes = ConfigurationFile.Settings
                .Where(s => MyInvocation.BoundParameters.ContainsKey(s.Name))
                .Select(s => new KeyValuePair<ConfigurationSetting, double>(
                    s, Convert.ToDouble(MyInvocation.BoundParameters[s.Name])))
                .ToList();
            string names = changes.Count == 0
                ? "nothing"
                : string.Join(", ", changes.Select(c => c.Key.Name));
            if (Scope == PHConfigurationScope.CurrentUser)
            {
                string path = ConfigurationFile.Path;
                if (!ShouldProcess(path, $"Save PostHogPersons settings ({names})"))
                {
                    return;
                }

                try
                {
                    ConfigurationFile.Save(path, changes);
                }
                catch (Exception error) when (error is IOException || error is UnauthorizedAccessException
                    || error is InvalidDataException)
                {
                    ThrowTerminatingError(new ErrorRecord(
                        error, "ConfigurationNotSaved", ErrorCategory.WriteError, path));
                    return;
                }

                WriteVerbose($"Saved {names} to {path}");
            }
            else if (!ShouldProcess("this session", $"Change PostHogPersons settings ({names})"))
            {
                return;
            }

            PHConfiguration current = PHConfiguration.Current;
            foreach (KeyValuePair<ConfigurationSetting, double> change in changes)
            {
                change.Key.Set(current, change.Value);
            }

            if (PassThru)
            {
                WriteObject(current.Clone());
            }
        }
    }
}
