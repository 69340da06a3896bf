using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using PostHogPersons.Client;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// The base of Set-PHPersonProperty and Remove-PHPersonProperty: a change to person
    /// properties, sent per person through the API or, with -UseCapture, as one capture
    /// event per person for the first of its distinct ids.
    /// </summary>
    public abstract class PHPropertyChangeCmdlet : PHPersonChangeCmdlet
    {
        private string _projectToken;

        /// <summary>The person's distinct ids; -UseCapture sends the event for the first.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("DistinctIds", "distinct_id", "distinct_ids")]
        [AllowNull]
        [AllowEmptyCollection]
        public string[] DistinctId { get; set; }

        /// <summary>
        /// Send the change as events to the capture endpoint, in batches of up to 1000,
        /// instead of API requests per person (needs Connect-PHProject -ProjectToken and a
        /// distinct id).
        /// </summary>
        [Parameter]
        public SwitchParameter UseCapture { get; set; }

        /// <summary>
        /// Write a PHPersonChange for each person: what was sent and PostHog's answer.
        /// </summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Checks the connection and, for -UseCapture, its project token.</summary>
        protected override void BeginProcessing()
        {
            PostHogConnection connection = Connection;
            if (UseCapture)
            {
                _projectToken = RequireProjectToken(connection);
            }
        }

        /// <summary>
        /// The confirmation action, e.g. "Set property plan" or "Remove properties a, b".
        /// </summary>
        protected static string Describe(string verb, ICollection keys) =>
            verb + (keys.Count == 1 ? " property " : " properties ")
            + string.Join(", ", keys.Cast<object>());

        /// <summary>The -PassThru receipt of a change PostHog accepted.</summary>
        protected static PHPersonChange AcceptedReceipt(
            string uuid, long? id, string distinctId, PHPersonAction action)
        {
            return new PHPersonChange
            {
                Uuid = uuid,
                Id = id,
                DistinctId = distinctId,
                Action = action,
                Status = PHChangeStatus.Accepted,
            };
        }

        /// <summary>
        /// -UseCapture: queues the capture event for this record's first distinct id once
        /// <paramref name="action"/> is confirmed. <paramref name="captureEvent"/> makes the
        /// event for a distinct id (null after writing why it cannot);
        /// <paramref name="receipt"/> makes the -PassThru receipt from the UUID, id and
        /// distinct id.
        /// </summary>
        protected void EnqueueCaptureChange(
            string action,
            Func<string, byte[]> captureEvent,
            Func<string, long?, string, PHPersonChange> receipt)
        {
            string uuid = (Uuid?.FirstOrDefault(u => !string.IsNullOrWhiteSpace(u))
                ?? InputObject?.BaseObject as string)?.Trim();
            string distinctId = CaptureDistinctId(DistinctId, uuid, Id);
            if (distinctId == null
                || !ShouldChange("person with distinct id " + distinctId, action))
            {
                return;
            }

            byte[] body = captureEvent(distinctId);
            if (body == null)
            {
                return;
            }

            long? id = uuid == null && Id != null && Id.Length > 0 ? Id[0] : (long?)null;
            EnqueueCapture(
                _projectToken, distinctId, body, PassThru ? receipt(uuid, id, distinctId) : null);
        }
    }
}
