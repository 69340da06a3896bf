using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using PostHogPersons.Client;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// <para type="synopsis">Runs a HogQL query through PostHog's query endpoint and writes its rows.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "PHQuery", DefaultParameterSetName = SingleSet)]
    [OutputType(typeof(PSObject))]
    public sealed class InvokePHQueryCommand : PHCmdlet
    {
        private const string SingleSet = "Single";
        private const string AllSet = "All";
        private static readonly Regex PlaceholderName = new Regex("^[A-Za-z_][A-Za-z0-9_]*$");

        /// <summary>The HogQL query, e.g. SELECT id, properties.email FROM persons WHERE ...</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNullOrEmpty]
        public string Query { get; set; }

        /// <summary>
        /// Values for the query's {name} placeholders. They travel apart from the SQL (in
        /// query.values), so quotes and other characters in them are never SQL.
        /// </summary>
        [Parameter(Position = 1)]
        [ValidateNotNull]
        public IDictionary Parameter { get; set; }

        /// <summary>
        /// Reads every row, page by page (LIMIT/OFFSET appended to the query), past PostHog's
        /// 100-row default and its 50,000-row cap. The query must not have its own LIMIT.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = AllSet)]
        public SwitchParameter All { get; set; }

        /// <summary>Rows per request with -All (1 to 50,000; default 50,000).</summary>
        [Parameter(ParameterSetName = AllSet)]
        [ValidateRange(1, QueryPager.MaximumRows)]
        public int PageSize { get; set; } = QueryPager.MaximumRows;

        protected override void ProcessRecord()
        {
            IReadOnlyDictionary<string, object> values = ReadParameters();
            if (All.IsPresent && QueryPager.WhyNotPageable(Query) is string problem)
            {
                ThrowTerminatingError(ErrorRecords.Invalid("QueryLimitConflict", problem, Query));
            }

            PostHogConnection connection = Connection;
            string query = Query;
            bool all = All.IsPresent;
            int pageSize = PageSize;
            // -TimeoutSec (from PHCmdlet) bounds each request and, here, also the wait for
            // a query PostHog runs asynchronously (202); without it that wait is 600 s.
            TimeSpan timeout = MyInvocation.BoundParameters.ContainsKey(nameof(TimeoutSec))
                ? TimeSpan.FromSeconds(TimeoutSec)
                : QueryClient.DefaultTimeout;
            Run(token => QueryPager.ReadAsync(
                connection,
                query,
                values,
                all,
                pageSize,
                timeout,
                page =>
                {
                    List<PSObject> rows = QueryRows.Read(page);
                    Post(() => WriteObject(rows, enumerateCollection: true));
                    return true;
                },
                warning => Post(() => WriteWarning(warning)),
                this,
                token), Query);
        }

        private IReadOnlyDictionary<string, object> ReadParameters()
        {
            var values = new Dictionary<string, object>(StringComparer.Ordinal);
            if (Parameter == null)
            {
                return values;
            }

            foreach (DictionaryEntry entry in Parameter)
            {
                string name = Convert.ToString(entry.Key, CultureInfo.InvariantCulture);
                if (!PlaceholderName.IsMatch(name ?? string.Empty))
                {
                    ThrowTerminatingError(ErrorRecords.Invalid(
                        "InvalidQueryParameter",
                        $"'{name}' is not a placeholder name: use letters, digits and _ "
                        + $"(and write {{{name}}} in the query).",
                        name));
                }

                try
                {
                    JsonValues.ToJsonBytes(entry.Value);
                }
                catch (ArgumentException error)
                {
                    ThrowTerminatingError(ErrorRecords.Invalid(
                        "InvalidQueryParameter",
                        $"The value of placeholder '{name}' cannot be sent: {error.Message}",
                        name));
                }

                values[name] = entry.Value;
            }

            return values;
        }
    }
}
