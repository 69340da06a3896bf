using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PostHogPersons.Client;
using PostHogPersons.Client.Errors;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// -UseCapture: property changes collected into capture /batch/ requests, one event per
    /// person (sent for one of its distinct ids), instead of one API request per person.
    /// </summary>
    public abstract partial class PHPersonCmdlet
    {
        private readonly List<PHPersonChange> _captureReceipts = new List<PHPersonChange>();
        private readonly List<string> _captureDistinctIds = new List<string>();
        private CaptureBatch _capture;

        /// <summary>
        /// Adds a capture event (see <see cref="CaptureBatch"/>) for <paramref name="distinctId"/>;
        /// a full batch is sent at once. <paramref name="receipt"/> (or null) is written when its
        /// batch was accepted.
        /// </summary>
        protected void EnqueueCapture(
            string projectToken, string distinctId, byte[] captureEvent, PHPersonChange receipt)
        {
            if (!CaptureBatch.CanSend(captureEvent))
            {
                WriteError(ErrorRecords.Invalid(
                    "CaptureEventTooLarge",
                    $"The change for distinct id '{distinctId}' is {captureEvent.Length:N0} bytes "
                    + "of JSON, more than one capture request may carry "
                    + $"({CaptureBatch.MaxBodyBytes:N0}).",
                    distinctId));
                return;
            }

            _capture = _capture ?? new CaptureBatch(projectToken);
            if (!_capture.Fits(captureEvent))
            {
                SendCapture();
            }

            _capture.Add(captureEvent);
            _captureDistinctIds.Add(distinctId);
            if (receipt != null)
            {
                _captureReceipts.Add(receipt);
            }
        }

        /// <summary>
        /// The distinct id a capture event is sent for: the first of the record's distinct ids.
        /// Null, after a DistinctIdMissing error, when the record has none.
        /// </summary>
        protected string CaptureDistinctId(string[] distinctIds, string uuid, long[] ids)
        {
            string distinctId = distinctIds?.FirstOrDefault(id => !string.IsNullOrEmpty(id));
            if (distinctId == null)
            {
                WriteError(ErrorRecords.Invalid(
                    "DistinctIdMissing",
                    "-UseCapture sends the change as an event for one of the person's distinct "
                    + $"ids, and {(uuid == null ? "this input" : "person " + uuid)} has none. "
                    + "Pipe persons from Get-PHPerson, add a distinct_id column, or pass "
                    + "-DistinctId.",
                    (object)uuid ?? ids));
            }

            return distinctId;
        }

        /// <summary>
        /// A terminating ProjectTokenMissing error unless the connection has a project token,
        /// which -UseCapture needs.
        /// </summary>
        protected string RequireProjectToken(PostHogConnection connection)
        {
            if (string.IsNullOrEmpty(connection.ProjectToken))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException(
                        "-UseCapture sends events to PostHog's capture endpoint, which needs the "
                        + "project token (phc_…, Project settings → Project API key). Connect "
                        + "with Connect-PHProject … -ProjectToken <token>."),
                    "ProjectTokenMissing",
                    ErrorCategory.InvalidOperation,
                    null));
            }

            return connection.ProjectToken;
        }

        private void SendCapture()
        {
            if (_capture == null || _capture.Count == 0)
            {
                return;
            }

            PostHogConnection connection = Connection;
            ApiRequest request = _capture.ToRequest();
            string line = RequestLine(connection, request);
            PHPersonChange[] receipts = _captureReceipts.ToArray();
            string[] distinctIds = _captureDistinctIds.ToArray();
            _capture.Clear();
            _captureReceipts.Clear();
            _captureDistinctIds.Clear();
            Run(async token =>
            {
                try
                {
                    using (ApiResponse response = await connection.Client
                        .SendAsync(request, this, token)
                        .ConfigureAwait(false))
                    {
                        foreach (PHPersonChange receipt in receipts)
                        {
                            receipt.StatusCode = (int)response.StatusCode;
                            receipt.Request = line;
                        }

                        Post(() =>
                        {
                            foreach (PHPersonChange receipt in receipts)
                            {
                                WriteObject(receipt);
                            }
                        });
                    }
                }
                catch (PostHogApiException error) when (PersonKeys.IsPerPerson(error))
                {
                    PostError(error, distinctIds);
                }
            });
        }
    }
}
