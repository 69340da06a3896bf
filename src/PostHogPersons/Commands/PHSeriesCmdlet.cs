using System.Collections.Generic;
using System.Management.Automation;
using System.Net.Http;
using PostHogPersons.Client;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// The base of the cmdlets that get the persons behind one data point of an insight of
    /// one event or action (Get-PHPersonLifecycle, Get-PHPersonTrend): -Event or -ActionId,
    /// -PageSize, and the paged read of the persons.
    /// </summary>
    public abstract class PHSeriesCmdlet : PHInsightCmdlet
    {
        /// <summary>The name of the parameter set of -Event.</summary>
        protected const string EventSet = "Event";

        /// <summary>The name of the parameter set of -ActionId.</summary>
        protected const string ActionSet = "Action";

        /// <summary>The event the insight counts.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = EventSet)]
        [ValidateNotNullOrEmpty]
        public string Event { get; set; }

        /// <summary>The id of the action the insight counts.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ActionSet)]
        [ValidateRange(1, long.MaxValue)]
        public long ActionId { get; set; }

        /// <summary>Persons per request (1 to 10,000; PostHog's default: 100).</summary>
        [Parameter]
        [ValidateRange(1, 10000)]
        public int PageSize { get; set; }

        /// <summary>Whether the series is -Event (else -ActionId).</summary>
        protected bool ByEvent => ParameterSetName == EventSet;

        /// <summary>-Event as the series' events, or null.</summary>
        protected string[] SeriesEvents => ByEvent ? new[] { Event } : null;

        /// <summary>-ActionId as the series' actions, or null.</summary>
        protected long[] SeriesActions => ByEvent ? null : new[] { ActionId };

        /// <summary>The path under persons/ of the insight's endpoint, e.g. "trends/".</summary>
        protected abstract string Endpoint { get; }

        /// <summary>Reads the filters, then writes every person the insight finds.</summary>
        protected override void ProcessRecord()
        {
            List<PHPropertyFilter> filters = ReadPropertyFilters(Property);
            PostHogConnection connection = Connection;
            string path = Query(filters).AppendTo(connection.PersonsPath + Endpoint);
            var request = new ApiRequest(HttpMethod.Get, path);
            Run(token => WriteActorsAsync(connection, request, token));
        }

        /// <summary>The endpoint's query, with the series and <paramref name="filters"/>.</summary>
        protected abstract QueryString Query(List<PHPropertyFilter> filters);
    }
}
