using System.Collections.Generic;
using System.Management.Automation;
using PostHogPersons.Client;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the persons behind one bar of
    /// a lifecycle insight: new, returning, resurrecting or dormant.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "PHPersonLifecycle", DefaultParameterSetName = EventSet)]
    [OutputType(typeof(PHPerson))]
    public sealed class GetPHPersonLifecycleCommand : PHSeriesCmdlet
    {
        /// <summary>A date or time inside the interval (the bar) whose persons to get.</summary>
        [Parameter(Mandatory = true)]
        [PostHogDate]
        [ValidateNotNullOrEmpty]
        public string TargetDate { get; set; }

        /// <summary>Which persons of the bar: new, returning, resurrecting or dormant.</summary>
        [Parameter(Mandatory = true)]
        [ValidateSet("new", "returning", "resurrecting", "dormant")]
        public string LifecycleType { get; set; }

        /// <inheritdoc/>
        protected override string Endpoint => "lifecycle/";

        /// <inheritdoc/>
        protected override QueryString Query(List<PHPropertyFilter> filters) =>
            new QueryString()
                .Add("target_date", TargetDate)
                .Add("lifecycle_type", LifecycleType)
                .Series(SeriesEvents, SeriesActions)
                .Range(DateFrom, DateTo, Interval)
                .Properties(filters)
                .Limit(PageSize);
    }
}
