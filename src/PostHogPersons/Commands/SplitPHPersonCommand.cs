using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using PostHogPersons.Client;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// <para type="synopsis">Splits distinct ids off PostHog persons onto new persons.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Split, "PHPerson", DefaultParameterSetName = DistinctIdSet,
        SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(PHPersonChange))]
    public sealed class SplitPHPersonCommand : PHPersonChangeCmdlet
    {
        private const string DistinctIdSet = "DistinctId";
        private const string MainSet = "MainDistinctId";

        private string[] _toSplit;

        /// <summary>
        /// The distinct ids to move off the person, each onto a new person of its own.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = DistinctIdSet)]
        [ValidateNotNullOrEmpty]
        public string[] DistinctId { get; set; }

        /// <summary>
        /// The one distinct id that stays on the person; every other one moves to a new person.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = MainSet)]
        [ValidateNotNullOrEmpty]
        public string MainDistinctId { get; set; }

        /// <summary>Split without asking for confirmation (-WhatIf still only shows).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void BeginProcessing()
        {
            if (DistinctId != null)
            {
                if (DistinctId.Any(string.IsNullOrEmpty))
                {
                    ThrowTerminatingError(ErrorRecords.Invalid(
                        "InvalidDistinctId", "A distinct id to split off is empty.", DistinctId));
                }

                _toSplit = DistinctId.Distinct(StringComparer.Ordinal).ToArray();
            }

            base.BeginProcessing();
        }

        protected override void ProcessRecord()
        {
            PostHogConnection connection = Connection;
            string action = MainDistinctId != null
                ? $"Split: keep distinct id {MainDistinctId}, move every other one to a new person"
                : $"Split off distinct ids {string.Join(", ", _toSplit)} onto new persons";
            foreach (PersonKey person in ReadPersons())
            {
                IList<string> known = KnownDistinctIds(person);
                if (known != null && Check(person, known) is ErrorRecord refused)
                {
                    EnqueueError(refused);
                    continue;
                }

                if (!ShouldChange(Target(person), action, Force))
                {
                    continue;
                }

                Enqueue(person.Key, token => SplitAsync(connection, person, known, token));
            }
        }

        private async Task<object> SplitAsync(
            PostHogConnection connection,
            PersonKey person,
            IList<string> known,
            CancellationToken token)
        {
            if (known == null)
            {
                var read = new ApiRequest(
                    HttpMethod.Get, PersonIds.PersonPath(connection, person.Key));
                using (ApiResponse response = await connection.Client
                    .SendAsync(read, this, token)
                    .ConfigureAwait(false))
                {
                    known = PersonReader.Read(
                        connection.Client, read, response, connection.ProjectId).DistinctIds;
                }

                if (Check(person, known) is ErrorRecord refused)
                {
                    return refused;
                }
            }

            ApiRequest request = PersonRequests.Split(
                connection, person.Key, MainDistinctId, _toSplit);
            var receipt = new PHPersonChange
            {
                Uuid = person.Uuid,
                Id = person.Id,
                Action = PHPersonAction.Split,
                Status = PHChangeStatus.Queued,
                MainDistinctId = MainDistinctId,
                SplitDistinctIds = new PHStringList(MainDistinctId != null
                    ? known.Where(id => id != MainDistinctId).ToList()
                    : _toSplit.ToList()),
            };
            return await SendAsync(connection, request, receipt, token).ConfigureAwait(false);
        }

        /// <summary>
        /// The piped person's distinct ids when it is the person named, else null: a piped
        /// PHPerson lets the split be checked without reading the person again.
        /// </summary>
        private IList<string> KnownDistinctIds(PersonKey person)
        {
            PHPerson piped = InputObject?.BaseObject as PHPerson;
            if (piped?.DistinctIds == null || piped.DistinctIds.Count == 0)
            {
                return null;
            }

            bool same = person.Uuid != null
                ? string.Equals(piped.Uuid, person.Uuid, StringComparison.OrdinalIgnoreCase)
                : piped.Id == person.Id;
            return same ? piped.DistinctIds : null;
        }

        /// <summary>
        /// Why the split cannot be sent for a person with these distinct ids, or null.
        /// </summary>
        private ErrorRecord Check(PersonKey person, IList<string> ids)
        {
            string listed = string.Join("; ", ids);
            if (MainDistinctId != null)
            {
                if (!ids.Contains(MainDistinctId))
                {
                    return Refuse(
                        "DistinctIdNotOnPerson",
                        $"'{MainDistinctId}' is not a distinct id of person {person} "
                        + $"(its ids: {listed}).",
                        person);
                }

                return ids.Count < 2
                    ? Refuse(
                        "NothingToSplit",
                        $"Person {person} has only the distinct id '{listed}'.",
                        person)
                    : null;
            }

            List<string> unknown = _toSplit.Where(id => !ids.Contains(id)).ToList();
            if (unknown.Count > 0)
            {
                string quoted = string.Join(", ", unknown.Select(id => "'" + id + "'"));
                return Refuse(
                    "DistinctIdNotOnPerson",
                    $"Not distinct ids of person {person}: {quoted} "
                    + $"(its ids: {listed}). Nothing was split.",
                    person);
            }

            return ids.All(id => _toSplit.Contains(id))
                ? Refuse(
                    "SplitKeepsNoDistinctId",
                    $"Splitting off {string.Join(", ", _toSplit)} would leave person {person} "
                    + "without a distinct id. Keep one: use -MainDistinctId to name the id that "
                    + "stays.",
                    person)
                : null;
        }

        private static ErrorRecord Refuse(string id, string message, PersonKey person) =>
            ErrorRecords.Invalid(id, message, person.Key);
    }
}
