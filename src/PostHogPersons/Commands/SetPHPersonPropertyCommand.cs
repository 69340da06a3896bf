using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PostHogPersons.Client;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// <para type="synopsis">Sets properties on PostHog persons.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "PHPersonProperty", DefaultParameterSetName = PropertySet,
        SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(PHPersonChange))]
    public sealed class SetPHPersonPropertyCommand : PHPersonCmdlet
    {
        private const string PropertySet = "Property";
        private const string NameValueSet = "NameValue";

        private string _projectToken;

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

        /// <summary>The integer ids of the persons to change (used when no UUID is given).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("PersonId", "person_id")]
        [AllowNull]
        public long[] Id { get; set; }

        /// <summary>The person's distinct ids; -UseCapture sends the event for the first.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("DistinctIds", "distinct_id", "distinct_ids")]
        [AllowNull]
        [AllowEmptyCollection]
        public string[] DistinctId { get; set; }

        /// <summary>The properties to set, as a hashtable of keys and values (nested values allowed).</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = PropertySet)]
        [ValidateNotNull]
        public IDictionary Property { get; set; }

        /// <summary>The key of the one property to set.</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = NameValueSet)]
        [ArgumentCompleter(typeof(PersonPropertyKeyCompleter))]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; }

        /// <summary>The value to set; $null sets the property to JSON null.</summary>
        [Parameter(Mandatory = true, Position = 2, ParameterSetName = NameValueSet)]
        [ArgumentCompleter(typeof(PersonPropertyValueCompleter))]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
        public object Value { get; set; }

        /// <summary>
        /// Send $set events to the capture endpoint in batches of up to 1000 instead of one
        /// API request per person (needs Connect-PHProject -ProjectToken and a distinct id).
        /// </summary>
        [Parameter]
        public SwitchParameter UseCapture { get; set; }

        /// <summary>Write a PHPersonChange for each person: what was sent and PostHog's answer.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Requests kept in flight at once (default: Get-PHConfiguration's ThrottleLimit).</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; }

        protected override void BeginProcessing()
        {
            PostHogConnection connection = Connection;
            if (UseCapture)
            {
                _projectToken = RequireProjectToken(connection);
            }
        }

        protected override void ProcessRecord()
        {
            IDictionary properties = ReadProperties();
            if (properties == null)
            {
                return;
            }

            string action = "Set " + (properties.Count == 1 ? "property " : "properties ")
                + string.Join(", ", properties.Keys.Cast<object>());
            if (UseCapture)
            {
                SetByCapture(properties, action);
                return;
            }

            PostHogConnection connection = Connection;
            foreach (PersonKey person in ReadPersonKeys(Uuid, Id, InputObject, required: true))
            {
                if (!ShouldChange("person " + person, action))
                {
                    continue;
                }

                ApiRequest request;
                try
                {
                    request = ParameterSetName == NameValueSet
                        ? PersonRequests.SetProperty(connection, person.Key, Name, Value)
                        : PersonRequests.SetProperties(connection, person.Key, properties);
                }
                catch (ArgumentException error)
                {
                    EnqueueError(ErrorRecords.Invalid("InvalidPropertyValue", error.Message, person.Key));
                    continue;
                }

                PHPersonChange receipt = PassThru ? Receipt(person.Uuid, person.Id, null, properties) : null;
                Enqueue(person.Key, token => SendAsync(connection, request, receipt, token));
            }
        }

        private void SetByCapture(IDictionary properties, string action)
        {
            string uuid = (Uuid?.FirstOrDefault(u => !string.IsNullOrWhiteSpace(u))
                ?? InputObject?.BaseObject as string)?.Trim();
            string distinctId = CaptureDistinctId(DistinctId, uuid, Id);
            if (distinctId == null)
            {
                return;
            }

            if (!ShouldChange("person with distinct id " + distinctId, action))
            {
                return;
            }

            byte[] captureEvent;
            try
            {
                captureEvent = CaptureBatch.SetEvent(distinctId, properties);
            }
            catch (ArgumentException error)
            {
                WriteError(ErrorRecords.Invalid("InvalidPropertyValue", error.Message, distinctId));
                return;
            }

            PHPersonChange receipt = null;
            if (PassThru)
            {
                long? id = uuid == null && Id != null && Id.Length > 0 ? Id[0] : (long?)null;
                receipt = Receipt(uuid, id, distinctId, properties);
            }

            EnqueueCapture(_projectToken, distinctId, captureEvent, receipt);
        }

        /// <summary>The properties to set, or null after writing why they cannot be sent.</summary>
        private IDictionary ReadProperties()
        {
            IDictionary properties = Property;
            if (ParameterSetName == NameValueSet)
            {
                properties = new Dictionary<string, object> { [Name] = Value };
            }

            if (properties.Count == 0)
            {
                ThrowTerminatingError(ErrorRecords.Invalid(
                    "NoPropertyGiven", "-Property is empty: give at least one key and value.", null));
            }

            foreach (object key in properties.Keys)
            {
                if (string.IsNullOrEmpty(Convert.ToString(key, System.Globalization.CultureInfo.InvariantCulture)))
                {
                    ThrowTerminatingError(ErrorRecords.Invalid(
                        "InvalidPropertyName", "A property key is empty.", properties));
                }
            }

            return properties;
        }

        private static PHPersonChange Receipt(string uuid, long? id, string distinctId, IDictionary properties)
        {
            PHPropertyDictionary sent;
            using (JsonDocument json = JsonDocument.Parse(JsonValues.ToJsonBytes(properties)))
            {
                sent = (PHPropertyDictionary)JsonValues.ToObject(json.RootElement);
            }

            return new PHPersonChange
            {
                Uuid = uuid,
                Id = id,
                DistinctId = distinctId,
                Action = PHPersonAction.SetProperties,
                Status = PHChangeStatus.Accepted,
                Properties = sent,
            };
        }
    }
}
