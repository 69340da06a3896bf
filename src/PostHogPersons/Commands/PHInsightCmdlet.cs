using System.Management.Automation;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// The base of the cmdlets that read persons through one of PostHog's legacy insights
    /// (Get-PHPersonLifecycle, Get-PHPersonTrend, Get-PHPersonPropertyTimeline): the
    /// insight's date range, interval and person property filters.
    /// </summary>
    public abstract class PHInsightCmdlet : PHCmdlet
    {
        /// <summary>
        /// The start of the insight's range: a date, a time or a relative date such as -30d.
        /// </summary>
        [Parameter]
        [PostHogDate]
        [ValidateNotNullOrEmpty]
        public string DateFrom { get; set; }

        /// <summary>The end of the insight's range; a plain date counts in full.</summary>
        [Parameter]
        [PostHogDate]
        [ValidateNotNullOrEmpty]
        public string DateTo { get; set; }

        /// <summary>The insight's interval: hour, day, week or month.</summary>
        [Parameter]
        [ValidateSet("hour", "day", "week", "month")]
        public string Interval { get; set; }

        /// <summary>Person property filters, as Get-PHPerson -Property.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(PersonPropertyKeyCompleter))]
        [ValidateNotNullOrEmpty]
        public object[] Property { get; set; }
    }
}
