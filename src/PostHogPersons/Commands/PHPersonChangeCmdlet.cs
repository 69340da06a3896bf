using System.Collections.Generic;
using System.Management.Automation;
using PostHogPersons.Client;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// The base of the cmdlets that change persons named by -Uuid or -Id or piped in
    /// (Remove-PHPerson, Remove-PHPersonEvent, Remove-PHPersonRecording, Split-PHPerson,
    /// Set-PHPersonProperty, Remove-PHPersonProperty): the identity parameters, -ThrottleLimit,
    /// and each person read from a record and confirmed before its request is queued.
    /// </summary>
    public abstract class PHPersonChangeCmdlet : PHPersonCmdlet
    {
        /// <summary>The UUIDs of the persons to change.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("PersonUuid", "person_uuid")]
        [AllowEmptyString]
        [AllowNull]
        public string[] Uuid { get; set; }

        /// <summary>
        /// What the pipeline carries: PHPerson objects, UUID strings, or objects such as
        /// Import-Csv rows whose uuid, id or distinct_id properties bind by name.
        /// </summary>
        [Parameter(ValueFromPipeline = true)]
        public PSObject InputObject { get; set; }

        /// <summary>The integer ids of the persons (used when no UUID is given).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("PersonId", "person_id")]
        [AllowNull]
        public long[] Id { get; set; }

        /// <summary>
        /// Persons worked on at once (default: Get-PHConfiguration's ThrottleLimit).
        /// </summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; }

        /// <summary>Fails at once, before any input is read, when there is no connection.</summary>
        protected override void BeginProcessing()
        {
            _ = Connection;
        }

        /// <summary>
        /// The persons this record names (bad values and a record that names nobody are
        /// queued as errors), each returned once ShouldChange (with -Force when
        /// <paramref name="force"/>) allowed <paramref name="action"/> on it.
        /// </summary>
        protected IEnumerable<PersonKey> ConfirmedPersons(string action, bool force = false)
        {
            foreach (PersonKey person in ReadPersons())
            {
                if (ShouldChange(Target(person), action, force))
                {
                    yield return person;
                }
            }
        }

        /// <summary>
        /// The persons this record names; bad values and a record that names nobody are
        /// queued as errors.
        /// </summary>
        protected List<PersonKey> ReadPersons() =>
            ReadPersonKeys(Uuid, Id, InputObject, required: true);

        /// <summary>The confirmation target for a person: "person {key}".</summary>
        protected static string Target(PersonKey person) => "person " + person;

        /// <summary>
        /// Queues <paramref name="request"/> for <paramref name="person"/>; the receipt (or
        /// nothing, for null) is written when PostHog accepted it.
        /// </summary>
        protected void EnqueueRequest(
            PostHogConnection connection,
            PersonKey person,
            ApiRequest request,
            PHPersonChange receipt)
        {
            Enqueue(person.Key, token => SendAsync(connection, request, receipt, token));
        }
    }
}
