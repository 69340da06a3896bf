using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Net.Http;
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
    public sealed class GetPHPersonFunnelCorrelationCommand : PHFunnelCmdlet
    {
        private const string LimitName = "funnel_correlation_person_limit";
        private const string OffsetName = "funnel_correlation_person_offset";
        private const string EntityName = "funnel_correlation_person_entity";
        private const string ConvertedName = "funnel_correlation_person_converted";

        /// <summary>The event whose correlation with the funnel's outcome to look at.</summary>
        [Parameter(Mandatory = true, ParameterSetName = StepsSet)]
        [Parameter(ParameterSetName = FilterSet)]
        [ValidateNotNullOrEmpty]
        public string CorrelationEvent { get; set; }

        /// <summary>Writes every person behind the correlation.</summary>
        protected override void ProcessRecord()
        {
            PostHogConnection connection = Connection;

            // Limitation: -CorrelationEvent names an event; correlations of actions or of
            // property values (funnel_correlation_property_values) need -Filter.
            string entity = CorrelationEvent == null
                ? null
                : InsightQuery.Entity(CorrelationEvent, InsightQuery.Events);
            string converted = DroppedOff ? "false" : "true";
            string endpoint = connection.PersonsPath + "funnel/correlation/";
            ApiRequest request = BuildRequest(() => ByFilter
                ? CorrelationFilterRequest(endpoint, entity, converted)
                : new ApiRequest(HttpMethod.Get, StepsQuery(entity, converted).AppendTo(endpoint)));
            PostHogNotFoundException missing = null;
            Run(async token =>
            {
                try
                {
                    await WriteActorsAsync(connection, request, token).ConfigureAwait(false);
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
                        "This PostHog has no funnel correlation persons endpoint "
                        + "(persons/funnel/correlation/): newer PostHog versions removed it, so "
                        + "the persons behind a correlation can only be seen in the PostHog app. "
                        + missing.Message,
                        missing),
                    "FunnelCorrelationUnavailable",
                    ErrorCategory.NotImplemented,
                    null));
            }
        }

        private ApiRequest CorrelationFilterRequest(
            string endpoint, string entity, string converted)
        {
            if (entity == null && !InsightQuery.HasKey(Filter, EntityName))
            {
                throw new ArgumentException(
                    "Give -CorrelationEvent, or a funnel_correlation_person_entity in -Filter.");
            }

            var overrides = new Dictionary<string, object>
            {
                [EntityName] = entity,
                [ConvertedName] = converted,
            };
            string path = new QueryString().Limit(PageSize, LimitName).AppendTo(endpoint);
            return FilterRequest(path, overrides, LimitName, OffsetName);
        }

        private QueryString StepsQuery(string entity, string converted)
        {
            List<PHPropertyFilter> filters = PropertyFilters.Read(Property);
            return new QueryString()
                .Series(Event, null)
                .Add(EntityName, entity)
                .Add(ConvertedName, converted)
                .Range(DateFrom, DateTo)
                .Properties(filters)
                .Limit(PageSize, LimitName);
        }
    }
}
