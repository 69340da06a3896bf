using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Management.Automation;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using PostHogPersons.Client;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// <para type="synopsis">Lists PostHog persons, or gets persons by UUID or id.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "PHPerson", DefaultParameterSetName = ListSet, SupportsPaging = true)]
    [OutputType(typeof(PHPerson))]
    public sealed class GetPHPersonCommand : PHPersonCmdlet
    {
        private const string ListSet = "List";
        private const string IdentitySet = "Identity";

        /// <summary>Persons whose email, name, UUID or a distinct id contains this text.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        public string Search { get; set; }

        /// <summary>Persons whose email property is exactly this.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        public string Email { get; set; }

        /// <summary>Persons that own any of these distinct ids.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        public string[] DistinctId { get; set; }

        /// <summary>
        /// Property filters: @{plan='pro'}, @{key='age'; operator='gt'; value=30}, or a bare key
        /// (persons that have the property). Tab completes keys.
        /// </summary>
        [Parameter(ParameterSetName = ListSet)]
        [ArgumentCompleter(typeof(PersonPropertyKeyCompleter))]
        [ValidateNotNullOrEmpty]
        public object[] Property { get; set; }

        /// <summary>
        /// Persons per request (1 to 50,000); default: the configured PageSize (10,000).
        /// </summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, 50000)]
        public int PageSize { get; set; }

        /// <summary>
        /// Reads through the query endpoint instead of the persons list: up to 50,000 persons
        /// per request, ordered by person id (not newest first), never skipping a person when
        /// others are created or deleted meanwhile. Needs the query:read scope.
        /// </summary>
        [Parameter(ParameterSetName = ListSet)]
        public SwitchParameter UseQuery { get; set; }

        /// <summary>The UUIDs of the persons to get.</summary>
        [Parameter(Position = 0, ParameterSetName = IdentitySet,
            ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("PersonUuid", "person_uuid")]
        [PersonUuidArgument]
        [AllowEmptyString]
        public string[] Uuid { get; set; }

        /// <summary>The integer ids of the persons to get (used when no UUID is given).</summary>
        [Parameter(ParameterSetName = IdentitySet, ValueFromPipelineByPropertyName = true)]
        [Alias("PersonId", "person_id")]
        public long[] Id { get; set; }

        /// <summary>
        /// Persons read at once with -Uuid or -Id (default: Get-PHConfiguration's ThrottleLimit).
        /// </summary>
        [Parameter(ParameterSetName = IdentitySet)]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == IdentitySet)
            {
                GetByIdentity();
                return;
            }

            List<PHPropertyFilter> filters = ReadPropertyFilters(Property);

            if (UseQuery.IsPresent)
            {
                ExportThroughQuery(filters);
                return;
            }

            PostHogConnection connection = Connection;
            Run(token => ListAsync(connection, filters, token));
        }

        private void ExportThroughQuery(List<PHPropertyFilter> filters)
        {
            PersonCondition condition;
            try
            {
                condition = PersonQueryFilters.Build(Email, DistinctId, Search, filters);
            }
            catch (ArgumentException error)
            {
                ThrowTerminatingError(new ErrorRecord(
                    error, "UnsupportedQueryFilter", ErrorCategory.InvalidArgument, Property));
                return;
            }

            PostHogConnection connection = Connection;
            int pageSize = MyInvocation.BoundParameters.ContainsKey(nameof(PageSize))
                ? PageSize
                : QueryPager.MaximumRows;
            bool includeTotal = PagingParameters.IncludeTotalCount;
            ulong skip = PagingParameters.Skip;
            ulong first = PagingParameters.First;
            Run(async token =>
            {
                if (includeTotal)
                {
                    long total = await PersonExporter.CountAsync(connection, condition, this, token)
                        .ConfigureAwait(false);
                    PSObject count = PagingParameters.NewTotalCount((ulong)total, 1.0);
                    Post(() => WriteObject(count));
                }

                await PersonExporter.ExportAsync(
                    connection,
                    condition,
                    pageSize,
                    skip,
                    first,
                    persons =>
                    {
                        Post(() => WriteObject(persons, enumerateCollection: true));
                        return true;
                    },
                    this,
                    token).ConfigureAwait(false);
            });
        }

        private void GetByIdentity()
        {
            PostHogConnection connection = Connection;
            foreach (PersonKey person in ReadPersonKeys(Uuid, Id, required: false))
            {
                var request = new ApiRequest(
                    HttpMethod.Get, PersonIds.PersonPath(connection, person.Key));
                Enqueue(person.Key, async token =>
                {
                    using (ApiResponse response = await connection.Client
                        .SendAsync(request, this, token)
                        .ConfigureAwait(false))
                    {
                        return PersonReader.Read(
                            connection.Client, request, response, connection.ProjectId);
                    }
                });
            }
        }

        private async Task ListAsync(
            PostHogConnection connection, List<PHPropertyFilter> filters, CancellationToken token)
        {
            ulong toSkip = PagingParameters.Skip;
            ulong toEmit = PagingParameters.First;
            bool totalWritten = false;
            var handover = new PageHandover<PHPerson>(Post, persons => WriteObject(persons, true));
            var seen = DistinctId != null && DistinctId.Length > 1
                ? new HashSet<string>(StringComparer.Ordinal)
                : null;
            string[] distinctIds = DistinctId ?? new string[] { null };
            foreach (string distinctId in distinctIds)
            {
                if (toEmit == 0)
                {
                    return;
                }

                // Offset paging is exact only for one query; with several distinct ids the
                // skip is applied here while the persons are written.
                bool serverSkip = distinctIds.Length == 1;
                var query = new QueryString()
                    .Add("distinct_id", distinctId)
                    .Add("email", Email)
                    .Add("search", Search)
                    .Properties(filters)
                    .Add("limit", PageLimit(toEmit, serverSkip ? 0 : toSkip).ToString())
                    .Add("offset", serverSkip && toSkip > 0 ? toSkip.ToString() : null)
                    .Flag("include_total", PagingParameters.IncludeTotalCount && !totalWritten);
                if (serverSkip)
                {
                    toSkip = 0;
                }

                var request = new ApiRequest(
                    HttpMethod.Get, query.AppendTo(connection.PersonsPath));
                await PageReader.ReadAsync(
                    connection.Client,
                    connection.ApiBase,
                    request,
                    new PersonStreamReader(connection.ProjectId),
                    [MethodImpl(HotPath.Optimized)] (Page<PHPerson> page) =>
                    {
                        if (page.Count.HasValue && !totalWritten)
                        {
                            totalWritten = true;
                            PSObject total = PagingParameters.NewTotalCount(
                                (ulong)page.Count.Value, 1.0);
                            Post(() => WriteObject(total));
                        }

                        var batch = new List<PHPerson>(page.Items.Count);
                        foreach (PHPerson person in page.Items)
                        {
                            if (toEmit == 0)
                            {
                                break;
                            }

                            if (seen != null && !seen.Add(person.Uuid))
                            {
                                continue;
                            }

                            if (toSkip > 0)
                            {
                                toSkip--;
                                continue;
                            }

                            batch.Add(person);
                            toEmit--;
                        }

                        if (batch.Count > 0)
                        {
                            handover.Hand(batch, token);
                        }

                        return toEmit > 0;
                    },
                    this,
                    token,
                    person => person.Uuid,
                    () => toEmit >= (ulong)long.MaxValue - toSkip
                        ? long.MaxValue
                        : (long)(toEmit + toSkip))
                    .ConfigureAwait(false);
            }
        }

        private int PageLimit(ulong toEmit, ulong toSkip)
        {
            ulong wanted = toEmit == ulong.MaxValue ? ulong.MaxValue : toEmit + toSkip;
            int pageSize = MyInvocation.BoundParameters.ContainsKey(nameof(PageSize))
                ? PageSize
                : PHConfiguration.Current.PageSize;
            return wanted < (ulong)pageSize ? (int)Math.Max(1, wanted) : pageSize;
        }
    }
}
