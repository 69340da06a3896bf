using System;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using PostHogPersons.Client;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// <para type="synopsis">Removes properties from PostHog persons.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "PHPersonProperty", SupportsShouldProcess = true,
        ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(PHPersonChange))]
    public sealed class RemovePHPersonPropertyCommand : PHPropertyChangeCmdlet
    {
        private string[] _names;

        /// <summary>The keys of the properties to remove (case-sensitive).</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ArgumentCompleter(typeof(PersonPropertyKeyCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] Name { get; set; }

        protected override void BeginProcessing()
        {
            if (Name.Any(string.IsNullOrEmpty))
            {
                ThrowTerminatingError(ErrorRecords.Invalid(
                    "InvalidPropertyName", "A property key is empty.", Name));
            }

            _names = Name.Distinct(StringComparer.Ordinal).ToArray();
            base.BeginProcessing();
        }

        /// <summary>Confirms each person and queues the removal.</summary>
        protected override void ProcessRecord()
        {
            string action = Describe("Remove", _names);
            if (UseCapture)
            {
                EnqueueCaptureChange(
                    action,
                    distinctId => CaptureBatch.UnsetEvent(distinctId, _names),
                    Receipt);
                return;
            }

            PostHogConnection connection = Connection;
            foreach (PersonKey person in ConfirmedPersons(action))
            {
                PHPersonChange receipt = PassThru ? Receipt(person.Uuid, person.Id, null) : null;
                Enqueue(person.Key, token => RemoveAsync(connection, person.Key, receipt, token));
            }
        }

        /// <summary>One delete_property request per key, one after the other.</summary>
        private async Task<object> RemoveAsync(
            PostHogConnection connection,
            string key,
            PHPersonChange receipt,
            CancellationToken token)
        {
            object result = null;
            foreach (string name in _names)
            {
                ApiRequest request = PersonRequests.DeleteProperty(connection, key, name);
                result = await SendAsync(connection, request, receipt, token).ConfigureAwait(false);
            }

            if (receipt != null && _names.Length > 1)
            {
                ApiRequest first = PersonRequests.DeleteProperty(connection, key, _names[0]);
                receipt.Request = RequestLine(connection, first)
                    + " (" + _names.Length + " requests)";
            }

            return result;
        }

        private PHPersonChange Receipt(string uuid, long? id, string distinctId)
        {
            PHPersonChange receipt =
                AcceptedReceipt(uuid, id, distinctId, PHPersonAction.RemoveProperties);
            receipt.PropertyNames = new PHStringList(_names);
            return receipt;
        }
    }
}
