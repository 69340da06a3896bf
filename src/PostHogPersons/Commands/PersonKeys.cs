using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using PostHogPersons.Client;
using PostHogPersons.Client.Errors;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// Reads the -Uuid and -Id of one pipeline record into the keys PostHog's detail routes
    /// take (a UUID, else an integer id), as Get-PHPerson does: bad values are reported
    /// before any request, and UUIDs win over ids when a record carries both.
    /// </summary>
    internal static class PersonKeys
    {
        /// <summary>
        /// The keys to request; errors for bad values are written to the cmdlet. When
        /// <paramref name="required"/> and neither a UUID nor an id was given, that is a
        /// PersonRequired error: terminating on the command line, per record in a pipeline.
        /// </summary>
        public static List<string> Read(
            PSCmdlet cmdlet, string[] uuids, long[] ids, bool required = false)
        {
            if (required && NoneGiven(uuids, ids))
            {
                ErrorRecord record = ErrorRecords.Invalid(
                    "PersonRequired",
                    "Give the person with -Uuid or -Id (or pipe persons in).",
                    null);
                if (!cmdlet.MyInvocation.ExpectingInput)
                {
                    cmdlet.ThrowTerminatingError(record);
                }

                cmdlet.WriteError(record);
                return new List<string>();
            }

            return Parse(uuids, ids, cmdlet.WriteError).ConvertAll(person => person.Key);
        }

        /// <summary>Whether a record names nobody: no UUID but blanks, and no id.</summary>
        public static bool NoneGiven(string[] uuids, long[] ids) =>
            (uuids == null || Array.TrueForAll(uuids, string.IsNullOrWhiteSpace))
            && (ids == null || ids.Length == 0);

        /// <summary>
        /// The persons named by <paramref name="uuids"/>, else (when no UUID is given) by
        /// <paramref name="ids"/>. A value that is not a UUID or a positive id is handed to
        /// <paramref name="reject"/> as InvalidPersonUuid or InvalidPersonId and skipped.
        /// </summary>
        public static List<PersonKey> Parse(string[] uuids, long[] ids, Action<ErrorRecord> reject)
        {
            var keys = new List<PersonKey>();
            bool anyUuid = false;
            foreach (string uuid in uuids ?? Array.Empty<string>())
            {
                if (string.IsNullOrWhiteSpace(uuid))
                {
                    continue;
                }

                anyUuid = true;
                if (!PersonIds.IsUuid(uuid))
                {
                    reject(ErrorRecords.Invalid(
                        "InvalidPersonUuid",
                        $"'{uuid}' is not a person UUID. To find a person by a distinct id, "
                        + "use Get-PHPerson -DistinctId.",
                        uuid));
                    continue;
                }

                string trimmed = uuid.Trim();
                keys.Add(new PersonKey { Key = trimmed, Uuid = trimmed });
            }

            if (anyUuid)
            {
                return keys;
            }

            foreach (long id in ids ?? Array.Empty<long>())
            {
                if (id <= 0)
                {
                    reject(ErrorRecords.Invalid(
                        "InvalidPersonId", $"{id} is not a person id.", id));
                    continue;
                }

                string key = id.ToString(CultureInfo.InvariantCulture);
                keys.Add(new PersonKey { Key = key, Id = id });
            }

            return keys;
        }

        /// <summary>
        /// Whether an API error concerns only the one person (not found, refused value, a
        /// server error) so the others still run; a rejected key or missing scope stops all.
        /// </summary>
        public static bool IsPerPerson(PostHogApiException error)
        {
            return !(error is PostHogAuthenticationException)
                && !(error is PostHogPermissionException);
        }
    }
}
