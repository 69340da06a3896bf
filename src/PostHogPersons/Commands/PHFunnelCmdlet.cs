using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Net.Http;
using PostHogPersons.Client;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// The base of the cmdlets that get the persons behind a funnel (Get-PHPersonFunnel,
    /// Get-PHPersonFunnelCorrelation): a funnel given by its steps (-Event and friends, a
    /// GET) or as a whole legacy filter (-Filter, a POST), and -PageSize.
    /// </summary>
    public abstract class PHFunnelCmdlet : PHCmdlet
    {
        /// <summary>The name of the parameter set of a funnel given by its steps.</summary>
        protected const string StepsSet = "Steps";

        /// <summary>The name of the parameter set of a funnel given as -Filter.</summary>
        protected const string FilterSet = "Filter";

        /// <summary>The funnel's steps: event names in order.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = StepsSet)]
        [ValidateNotNullOrEmpty]
        public string[] Event { get; set; }

        /// <summary>
        /// A whole legacy funnel filter (events, actions, dates, breakdown, funnel_step…) as
        /// a hashtable, sent as the JSON body of a POST; for example a saved insight's filters.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = FilterSet)]
        [ValidateNotNull]
        public IDictionary Filter { get; set; }

        /// <summary>
        /// Get the persons who dropped off (who did not complete -Step, or the funnel) instead
        /// of those who completed it.
        /// </summary>
        [Parameter]
        public SwitchParameter DroppedOff { get; set; }

        /// <summary>
        /// The start of the funnel's range: a date, a time or a relative date such as -30d.
        /// </summary>
        [Parameter(ParameterSetName = StepsSet)]
        [PostHogDate]
        [ValidateNotNullOrEmpty]
        public string DateFrom { get; set; }

        /// <summary>The end of the funnel's range; a plain date counts in full.</summary>
        [Parameter(ParameterSetName = StepsSet)]
        [PostHogDate]
        [ValidateNotNullOrEmpty]
        public string DateTo { get; set; }

        /// <summary>Person property filters, as Get-PHPerson -Property.</summary>
        [Parameter(ParameterSetName = StepsSet)]
        [ArgumentCompleter(typeof(PersonPropertyKeyCompleter))]
        [ValidateNotNullOrEmpty]
        public object[] Property { get; set; }

        /// <summary>Persons per request (1 to 10,000; PostHog's default: 100).</summary>
        [Parameter]
        [ValidateRange(1, 10000)]
        public int PageSize { get; set; }

        /// <summary>Whether the funnel is given as -Filter (else by its steps).</summary>
        protected bool ByFilter => ParameterSetName == FilterSet;

        /// <summary>
        /// The request <paramref name="build"/> makes; a filter PostHog cannot take (an
        /// ArgumentException) ends the command with an InvalidFilter error.
        /// </summary>
        protected ApiRequest BuildRequest(Func<ApiRequest> build)
        {
            try
            {
                return build();
            }
            catch (ArgumentException error)
            {
                object target = Filter ?? (object)Property;
                ThrowTerminatingError(
                    new ErrorRecord(error, "InvalidFilter", ErrorCategory.InvalidArgument, target));
                return null;
            }
        }

        /// <summary>
        /// A POST to <paramref name="path"/> with -Filter as the body and
        /// <paramref name="overrides"/> on top; a filter that holds one of the
        /// <paramref name="pagingKeys"/> is refused, as the cmdlet pages itself.
        /// </summary>
        protected ApiRequest FilterRequest(
            string path,
            IEnumerable<KeyValuePair<string, object>> overrides,
            params string[] pagingKeys)
        {
            return new ApiRequest(HttpMethod.Post, path)
            {
                JsonBody = InsightQuery.Body(Filter, overrides, pagingKeys),
                IsRetrySafe = true,
            };
        }
    }
}
