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
        public static List<string> Read(PSCmdlet cmdlet, string[] uuids, long[] ids, bool required = false)
        {
            bool none = (uuids == null || Array.TrueForAll(uuids, string.IsNullOrWhiteSpace))
                && (ids == null || ids.Length == 0);
            if (required && none)
            {
                ErrorRecord record = ErrorRecords.Invalid(
                    "PersonRequired", "Give the person with -Uuid or -Id (or pipe persons in).", null);
                if (!cmdlet.MyInvocation.ExpectingInput)
                {
                    cmdlet.ThrowTerminatingError(record);
                }

                cmdlet.WriteError(record);
                return new List<string>();
            }

            var keys = new List<string>();
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
                    cmdlet.WriteError(ErrorRecords.Invalid(
                        "InvalidPersonUuid",
                        $"'{uuid}' is not a person UUID. To find a person by a distinct id, "
                        + "use Get-PHPerson -DistinctId.",
                        uuid));
                    continue;
                }

                keys.Add(uuid.Trim());
            }

            if (anyUuid)
            {
                return keys;
            }

            foreach (long id in ids ?? Array.Empty<long>())
            {
                if (id <= 0)
                {
                    cmdlet.WriteError(ErrorRecords.Invalid("InvalidPersonId", $"{id} is not a person id.", id));
                    continue;
                }

                keys.Add(id.ToString(CultureInfo.InvariantCulture));
            }

            return keys;
        }

        /// <summary>
        /// Whether an API error concerns only the one person (not found, refused value, a
        /// server error) so the others still run; a rejected key or missing scope stops all.
        /// </summary>
        public static bool IsPerPerson(PostHogApiException error)
        {
            return !(error is PostHogAuthenticationException) && !(error is PostHogPermissionException);
        }
    }
}
