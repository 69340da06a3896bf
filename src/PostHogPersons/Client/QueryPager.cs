using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace PostHogPersons.Client
{
    /// <summary>
    /// Reads a HogQL query's rows. Once: as PostHog answers it (100 rows when the query has no
    /// LIMIT, with a warning when more match). All: page after page with LIMIT n OFFSET m
    /// appended to the query, until a page comes back short, which passes both PostHog's
    /// 100-row default and its 50,000-row cap.
    /// </summary>
    public static class QueryPager
    {
        /// <summary>The most rows PostHog returns for one query.</summary>
        public const int MaximumRows = 50000;

        /// <summary>
        /// Why <paramref name="hogql"/> cannot be paged with LIMIT/OFFSET, or null when it can.
        /// </summary>
        public static string WhyNotPageable(string hogql)
        {
            HogQLShape shape = HogQLText.Inspect(hogql);
            if (shape.HasLimit || shape.HasOffset)
            {
                return "-All reads the rows page by page with its own LIMIT and OFFSET, so the "
                    + "query must not have a LIMIT or OFFSET of its own. Remove them, or leave "
                    + "out -All.";
            }

            if (shape.HasSetOperation)
            {
                return "-All appends LIMIT and OFFSET, which would page only the last SELECT of "
                    + "a UNION. Wrap the union instead: SELECT * FROM (<union>) ORDER BY <column>.";
            }

            return null;
        }

        /// <summary>
        /// Runs the query once or page by page, handing each answer to <paramref name="onPage"/>
        /// (which returns false to stop). <paramref name="warn"/> receives warnings for the user.
        /// </summary>
        public static async Task ReadAsync(
            PostHogConnection connection,
            string hogql,
            IReadOnlyDictionary<string, object> values,
            bool all,
            int pageSize,
            TimeSpan timeout,
            Func<QueryResult, bool> onPage,
            Action<string> warn,
            IRequestLog log,
            CancellationToken cancellationToken)
        {
            HogQLShape shape = HogQLText.Inspect(hogql);
            if (!all)
            {
                Task<QueryResult> running = QueryClient.RunAsync(
                    connection, hogql, values, timeout, log, cancellationToken);
                using (QueryResult result = await running.ConfigureAwait(false))
                {
                    onPage(result);
                    WarnWhenCut(shape, result, warn);
                }

                return;
            }

            pageSize = Math.Max(1, Math.Min(pageSize, MaximumRows));
            long offset = 0;
            for (int page = 1; ; page++)
            {
                if (page == 2 && !shape.HasOrderBy)
                {
                    warn("-All reads the rows in pages with LIMIT and OFFSET. The query has no "
                        + "ORDER BY, so PostHog may return rows in a different order on each page, "
                        + "repeating some and missing others. Add ORDER BY on a unique column.");
                }

                string text = HogQLText.WithPage(hogql, pageSize, offset);
                Task<QueryResult> running = QueryClient.RunAsync(
                    connection, text, values, timeout, log, cancellationToken);
                using (QueryResult result = await running.ConfigureAwait(false))
                {
                    if (!onPage(result) || result.RowCount < pageSize)
                    {
                        return;
                    }

                    offset += result.RowCount;
                }
            }
        }

        private static void WarnWhenCut(HogQLShape shape, QueryResult result, Action<string> warn)
        {
            if (result.HasMore == true)
            {
                string limit =
                    (result.Limit ?? result.RowCount).ToString(CultureInfo.InvariantCulture);
                warn($"PostHog returned only the first {limit} rows of this query; more rows "
                    + "match. Add -All to read every row, or give the query a LIMIT "
                    + "(up to 50,000).");
            }
            else if (shape.LimitValue > MaximumRows && result.RowCount >= MaximumRows)
            {
                warn($"PostHog returns at most 50,000 rows per query, so LIMIT {shape.LimitValue} "
                    + "was cut to 50,000 rows. Remove the LIMIT and add -All to read every row.");
            }
        }
    }
}
