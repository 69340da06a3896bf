using System;
using System.Text.RegularExpressions;

namespace PostHogPersons.Client
{
    /// <summary>Checks person identifiers before any request is sent.</summary>
    public static class PersonIds
    {
        private static readonly Regex UuidPattern = new Regex(
            "^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$",
            RegexOptions.CultureInvariant);

        /// <summary>Whether <paramref name="value"/> is a UUID PostHog accepts.</summary>
        public static bool IsUuid(string value) =>
            value != null && UuidPattern.IsMatch(value.Trim());

        /// <summary>
        /// The trimmed UUID, or an ArgumentException that points to -DistinctId when the
        /// value looks like a distinct id instead.
        /// </summary>
        public static string RequireUuid(string value)
        {
            if (IsUuid(value))
            {
                return value.Trim();
            }

            throw new ArgumentException(
                $"'{value}' is not a person UUID. To find a person by one of its distinct ids, "
                + "use -DistinctId.");
        }

        /// <summary>The relative path of one person: persons/{uuid or id}/.</summary>
        public static string PersonPath(PostHogConnection connection, string key)
        {
            return connection.PersonsPath + Uri.EscapeDataString(key) + "/";
        }
    }
}
