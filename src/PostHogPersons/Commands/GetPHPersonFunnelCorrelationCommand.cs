using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using PostHogPersons.Client;
using PostHogPersons.Client.Errors;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the persons behind a funnel correlation: who
    /// performed an event and converted, or dropped off.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "PHPersonFunnelCorrelation", DefaultParameterSetName = StepsSet)]
    [OutputType(typeof(PHPerson))]
    public sealed class GetPHPersonFunnelCorrelationCommand : PHCmdlet
    {
        private const string StepsSet = "Steps";
        private const string FilterSet = "Filter";
        private const string LimitName = "funnel_correlation_person_limit";
        private const string OffsetName = "funnel_correlation_person_offset";

        /// <summary>The funnel's steps: event names in order.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = StepsSet)]
        [ValidateNotNullOrEmpty]
        public string[] Event { get; set; }

        /// <summary>
        /// A whole legacy funnel filter (events, actions, dates, the correlation entity…) as a
        /// hashtable, sent as the JSON body of a POST.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = FilterSet)]
        [ValidateNotNull]
        public IDictionary Filter { get; set; }

        /// <summary>The event whose correlation with the funnel's outcome to look at.</summary>
        [Parameter(Mandatory = true, ParameterSetName = StepsSet)]
        [Parameter(ParameterSetName = FilterSet)]
        [ValidateNotNullOrEmpty]
        public string CorrelationEvent { get; set; }

        /// <summary>Get the persons who did not complete the funnel (default: those who did).</summary>
        [Parameter]
        public SwitchParameter DroppedOff { get; set; }

        /// <summary>The start of the funnel's range: a date, a time or a relative date such as -30d.</summary>
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

        protected override void ProcessRecord()
        {
            PostHogConnection connection = Connection;

            // Limitation: -CorrelationEvent names an event; correlations of actions or of
            // property values (funnel_correlation_property_values) need -Filter.
            string entity = CorrelationEvent == null
                ? null
                : InsightQuery.Entity(CorrelationEvent, InsightQuery.Events);
            string converted = DroppedOff ? "false" : "true";
            string limit = PageSize > 0 ? PageSize.ToString(CultureInfo.InvariantCulture) : null;
            ApiRequest request;
            try
            {
                if (ParameterSetName == FilterSet)
                {
                    if (entity == null && !InsightQuery.HasKey(Filter, "funnel_correlation_person_entity"))
                    {
                        throw new ArgumentException(
                            "Give -CorrelationEvent, or a funnel_correlation_person_entity in -Filter.");
                    }

                    var overrides = new Dictionary<string, object>
                    {
                        ["funnel_correlation_person_entity"] = entity,
                        ["funnel_correlation_person_converted"] = converted,
                    };
                    string path = new QueryString().Add(LimitName, limit)
                        .AppendTo(connection.PersonsPath + "funnel/correlation/");
                    request = new ApiRequest(HttpMethod.Post, path)
                    {
                        JsonBody = InsightQuery.Body(Filter, overrides, LimitName, OffsetName),
                        IsRetrySafe = true,
                    };
                }
                else
                {
                    List<PHPropertyFilter> filters = PropertyFilters.Read(Property);
                    string query = new QueryString()
                        .Add("events", InsightQuery.Entities(Event, InsightQuery.Events))
                        .Add("funnel_correlation_person_entity", entity)
                        .Add("funnel_correlation_person_converted", converted)
                        .Add("date_from", DateFrom)
                        .Add("date_to", DateTo)
                        .Add("properties", filters.Count > 0 ? PropertyFilters.ToJson(filters) : null)
                        .Add(LimitName, limit)
                        .AppendTo(connection.PersonsPath + "funnel/correlation/");
                    request = new ApiRequest(HttpMethod.Get, query);
                }
            }
            catch (ArgumentException error)
            {
                object target = Filter ?? (object)Property;
                ThrowTerminatingError(new ErrorRecord(error, "InvalidFilter", ErrorCategory.InvalidArgument, target));
                return;
            }

            PostHogNotFoundException missing = null;
            Run(async token =>
            {
                try
                {
                    await ReadAsync(connection, request, token).ConfigureAwait(false);
                }
                catch (PostHogNotFoundException error) when (error.Detail == "Endpoint not found.")
                {
                    missing = error;
                }
            });
            if (missing != null)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException(
                        "This PostHog has no funnel correlation persons endpoint (persons/funnel/correlation/): "
                        + "newer PostHog versions removed it, so the persons behind a correlation can only be "
                        + "seen in the PostHog app. " + missing.Message,
                        missing),
                    "FunnelCorrelationUnavailable",
                    ErrorCategory.NotImplemented,
                    null));
            }
        }

        private Task ReadAsync(PostHogConnection connection, ApiRequest request, CancellationToken token)
        {
            return ActorPages.ReadAsync(
                connection, request, persons => Post(() => persons.ForEach(WriteObject)), this, token);
        }
    }
}
