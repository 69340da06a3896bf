using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Text.Json;
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
    public sealed class SetPHPersonPropertyCommand : PHPropertyChangeCmdlet
    {
        private const string PropertySet = "Property";
        private const string NameValueSet = "NameValue";

        /// <summary>
        /// The properties to set, as a hashtable of keys and values (nested values allowed).
        /// </summary>
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

        /// <summary>Confirms each person and queues the change.</summary>
        protected override void ProcessRecord()
        {
            IDictionary properties = ReadProperties();
            if (properties == null)
            {
                return;
            }

            string action = Describe("Set", properties.Keys);
            if (UseCapture)
            {
                EnqueueCaptureChange(
                    action,
                    distinctId => CaptureEvent(distinctId, properties),
                    (uuid, id, distinctId) => Receipt(uuid, id, distinctId, properties));
                return;
            }

            PostHogConnection connection = Connection;
            foreach (PersonKey person in ConfirmedPersons(action))
            {
                ApiRequest request;
                try
                {
                    request = ParameterSetName == NameValueSet
                        ? PersonRequests.SetProperty(connection, person.Key, Name, Value)
                        : PersonRequests.SetProperties(connection, person.Key, properties);
                }
                catch (ArgumentException error)
                {
                    EnqueueError(
                        ErrorRecords.Invalid("InvalidPropertyValue", error.Message, person.Key));
                    continue;
                }

                PHPersonChange receipt = PassThru
                    ? Receipt(person.Uuid, person.Id, null, properties)
                    : null;
                EnqueueRequest(connection, person, request, receipt);
            }
        }

        /// <summary>The $set event, or null after an InvalidPropertyValue error.</summary>
        private byte[] CaptureEvent(string distinctId, IDictionary properties)
        {
            try
            {
                return CaptureBatch.SetEvent(distinctId, properties);
            }
            catch (ArgumentException error)
            {
                WriteError(ErrorRecords.Invalid("InvalidPropertyValue", error.Message, distinctId));
                return null;
            }
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
                    "NoPropertyGiven",
                    "-Property is empty: give at least one key and value.",
                    null));
            }

            foreach (object key in properties.Keys)
            {
                if (string.IsNullOrEmpty(Convert.ToString(key, CultureInfo.InvariantCulture)))
                {
                    ThrowTerminatingError(ErrorRecords.Invalid(
                        "InvalidPropertyName", "A property key is empty.", properties));
                }
            }

            return properties;
        }

        private static PHPersonChange Receipt(
            string uuid, long? id, string distinctId, IDictionary properties)
        {
            PHPersonChange receipt =
                AcceptedReceipt(uuid, id, distinctId, PHPersonAction.SetProperties);
            using (JsonDocument json = JsonDocument.Parse(JsonValues.ToJsonBytes(properties)))
            {
                receipt.Properties = (PHPropertyDictionary)JsonValues.ToObject(json.RootElement);
            }

            return receipt;
        }
    }
}
