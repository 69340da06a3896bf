using System;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PostHogPersons.Client
{
    /// <summary>
    /// What a HogQL query has at its top level (outside parentheses, strings, comments).
    /// </summary>
    public sealed class HogQLShape
    {
        /// <summary>The query has its own LIMIT.</summary>
        public bool HasLimit { get; internal set; }

        /// <summary>The number after LIMIT when it is a plain number, else null.</summary>
        public long? LimitValue { get; internal set; }

        /// <summary>The query has its own OFFSET.</summary>
        public bool HasOffset { get; internal set; }

        /// <summary>The query has ORDER BY.</summary>
        public bool HasOrderBy { get; internal set; }

        /// <summary>The query is a UNION (or INTERSECT / EXCEPT) of several SELECTs.</summary>
        public bool HasSetOperation { get; internal set; }
    }

    /// <summary>
    /// Reads and extends HogQL text without parsing it fully: finds top-level LIMIT, OFFSET,
    /// ORDER BY and UNION (skipping 'strings', `identifiers`, "identifiers", {placeholders} and
    /// comments), appends a page's LIMIT and OFFSET, and quotes identifiers.
    /// </summary>
    public static class HogQLText
    {
        private static readonly Regex PlainIdentifier = new Regex("^[A-Za-z_$][A-Za-z0-9_$]*$");

        /// <summary>The top-level clauses of <paramref name="hogql"/>.</summary>
        public static HogQLShape Inspect(string hogql)
        {
            var shape = new HogQLShape();
            int depth = 0;
            string previous = null;
            int at = 0;
            while (at < hogql.Length)
            {
                char c = hogql[at];
                if (c == '\'' || c == '"' || c == '`')
                {
                    at = SkipQuoted(hogql, at, c);
                    previous = null;
                }
                else if (c == '-' && Next(hogql, at) == '-')
                {
                    int end = hogql.IndexOf('\n', at);
                    at = end < 0 ? hogql.Length : end;
                }
                else if (c == '/' && Next(hogql, at) == '*')
                {
                    int end = hogql.IndexOf("*/", at + 2, StringComparison.Ordinal);
                    at = end < 0 ? hogql.Length : end + 2;
                }
                else if (c == '{')
                {
                    int end = hogql.IndexOf('}', at);
                    at = end < 0 ? hogql.Length : end + 1;
                    previous = null;
                }
                else if (c == '(' || c == '[')
                {
                    depth++;
                    at++;
                    previous = null;
                }
                else if (c == ')' || c == ']')
                {
                    depth--;
                    at++;
                    previous = null;
                }
                else if (char.IsLetter(c) || c == '_' || c == '$')
                {
                    int start = at;
                    while (at < hogql.Length && IsWordCharacter(hogql[at]))
                    {
                        at++;
                    }

                    string word = hogql.Substring(start, at - start).ToUpperInvariant();
                    if (depth == 0)
                    {
                        Note(shape, word, previous, hogql, at);
                    }

                    previous = word;
                }
                else
                {
                    if (!char.IsWhiteSpace(c))
                    {
                        previous = null;
                    }

                    at++;
                }
            }

            return shape;
        }

        /// <summary>
        /// The query with one page's LIMIT and OFFSET appended on a new line (so that a
        /// trailing -- comment does not swallow it); trailing semicolons are dropped.
        /// </summary>
        public static string WithPage(string hogql, int limit, long offset)
        {
            string body = hogql.TrimEnd();
            while (body.EndsWith(";", StringComparison.Ordinal))
            {
                body = body.Substring(0, body.Length - 1).TrimEnd();
            }

            return body + "\nLIMIT " + limit.ToString(CultureInfo.InvariantCulture)
                + " OFFSET " + offset.ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>
        /// A HogQL identifier: as is when plain, else in backticks with \ escapes.
        /// </summary>
        public static string Identifier(string name)
        {
            if (PlainIdentifier.IsMatch(name))
            {
                return name;
            }

            var quoted = new StringBuilder("`");
            foreach (char c in name)
            {
                if (c == '`' || c == '\\')
                {
                    quoted.Append('\\');
                }

                quoted.Append(c);
            }

            return quoted.Append('`').ToString();
        }

        private static void Note(
            HogQLShape shape, string word, string previous, string hogql, int after)
        {
            switch (word)
            {
                case "LIMIT":
                    shape.HasLimit = true;
                    shape.LimitValue = ReadNumber(hogql, after);
                    break;
                case "OFFSET":
                    shape.HasOffset = true;
                    break;
                case "BY":
                    if (previous == "ORDER")
                    {
                        shape.HasOrderBy = true;
                    }

                    break;
                case "UNION":
                case "INTERSECT":
                case "EXCEPT":
                    shape.HasSetOperation = true;
                    break;
            }
        }

        private static long? ReadNumber(string hogql, int at)
        {
            while (at < hogql.Length && char.IsWhiteSpace(hogql[at]))
            {
                at++;
            }

            int start = at;
            while (at < hogql.Length && char.IsDigit(hogql[at]))
            {
                at++;
            }

            bool endsClean = at >= hogql.Length || !(char.IsLetter(hogql[at]) || hogql[at] == ',');
            string digits = hogql.Substring(start, at - start);
            return at > start && endsClean
                && long.TryParse(
                    digits, NumberStyles.None, CultureInfo.InvariantCulture, out long value)
                ? value
                : (long?)null;
        }

        private static bool IsWordCharacter(char c) =>
            char.IsLetterOrDigit(c) || c == '_' || c == '$';

        private static int SkipQuoted(string text, int at, char quote)
        {
            at++;
            while (at < text.Length)
            {
                char c = text[at];
                if (c == '\\')
                {
                    at += 2;
                    continue;
                }

                if (c == quote)
                {
                    if (Next(text, at) == quote)
                    {
                        at += 2;
                        continue;
                    }

                    return at + 1;
                }

                at++;
            }

            return at;
        }

        private static char Next(string text, int at) => at + 1 < text.Length ? text[at + 1] : '\0';
    }
}
