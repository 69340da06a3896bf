using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using PostHogPersons.Client;
using PostHogPersons.Client.Errors;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>One person named on the command line or by a pipeline object.</summary>
    public sealed class PersonKey
    {
        /// <summary>What goes into the URL: the UUID, else the integer id as text.</summary>
        public string Key { get; set; }

        /// <summary>The UUID, when the person was named by it.</summary>
        public string Uuid { get; set; }

        /// <summary>The integer id, when the person was named by it.</summary>
        public long? Id { get; set; }

        /// <summary>The key, for messages and prompts.</summary>
        public override string ToString() => Key;
    }

    /// <summary>
    /// The base of the cmdlets that act on persons one at a time. Each pipeline record is
    /// checked and confirmed in ProcessRecord and its request queued; the queue is sent in
    /// chunks (and at the end) with at most -ThrottleLimit requests in flight, and the
    /// results and errors are written on the pipeline thread in input order. Pacing under
    /// PostHog's rate limits happens inside the client, so more requests in flight never
    /// means more than PostHog allows. With -UseCapture, property changes are collected
    /// into capture /batch/ requests instead.
    /// </summary>
    public abstract class PHPersonCmdlet : PHCmdlet
    {
        private readonly List<PendingWork> _pending = new List<PendingWork>();
        private readonly List<PHPersonChange> _captureReceipts = new List<PHPersonChange>();
        private readonly List<string> _captureDistinctIds = new List<string>();
        private CaptureBatch _capture;

        /// <summary>How many requests are kept in flight: -ThrottleLimit, else the configuration's.</summary>
        protected int ThrottleLimitInEffect =>
            MyInvocation.BoundParameters.TryGetValue("ThrottleLimit", out object limit)
                ? Convert.ToInt32(limit, CultureInfo.InvariantCulture)
                : Math.Max(1, PHConfiguration.Current.ThrottleLimit);

        /// <summary>Queued requests at which the queue is sent without waiting for more input.</summary>
        private int ChunkSize => Math.Max(64, ThrottleLimitInEffect * 16);

        /// <summary>Sends what is still queued.</summary>
        protected override void EndProcessing()
        {
            SendCapture();
            SendPending();
        }

        /// <summary>
        /// Queues <paramref name="work"/> for one person. What it returns is written as output
        /// (nothing for null; an ErrorRecord is written as an error); a PostHog error becomes a
        /// non-terminating error with <paramref name="target"/> as its target, except for a
        /// rejected key (401, 403), which stops the command.
        /// </summary>
        protected void Enqueue(
            object target,
            Func<CancellationToken, Task<object>> work,
            string notFoundId = "PersonNotFound")
        {
            _pending.Add(new PendingWork { Target = target, Work = work, NotFoundId = notFoundId });
            if (_pending.Count >= ChunkSize)
            {
                SendPending();
            }
        }

        /// <summary>Queues an error found without a request, so it is written in input order.</summary>
        protected void EnqueueError(ErrorRecord error)
        {
            _pending.Add(new PendingWork { Ready = error });
        }

        /// <summary>
        /// Like <see cref="ReadPersonKeys(string[], long[], bool)"/>; when neither names anybody,
        /// a string from the pipeline is a UUID and a whole number an id.
        /// </summary>
        protected List<PersonKey> ReadPersonKeys(string[] uuids, long[] ids, PSObject input, bool required)
        {
            bool named = (uuids != null && uuids.Any(u => !string.IsNullOrWhiteSpace(u)))
                || (ids != null && ids.Length > 0);
            switch (named ? null : input?.BaseObject)
            {
                case string text:
                    uuids = new[] { text };
                    break;
                case int number:
                    ids = new long[] { number };
                    break;
                case long number:
                    ids = new[] { number };
                    break;
            }

            return ReadPersonKeys(uuids, ids, required);
        }

        /// <summary>
        /// The persons named by <paramref name="uuids"/>, else by <paramref name="ids"/>. A value
        /// that is not a UUID or a positive id is queued as InvalidPersonUuid/InvalidPersonId;
        /// with <paramref name="required"/>, a record that names nobody is queued as PersonIdMissing.
        /// </summary>
        protected List<PersonKey> ReadPersonKeys(string[] uuids, long[] ids, bool required)
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
                    EnqueueError(ErrorRecords.Invalid(
                        "InvalidPersonUuid",
                        $"'{uuid}' is not a person UUID. To find a person by a distinct id, use "
                        + "Get-PHPerson -DistinctId.",
                        uuid));
                    continue;
                }

                string trimmed = uuid.Trim();
                keys.Add(new PersonKey { Key = trimmed, Uuid = trimmed });
            }

            if (!anyUuid)
            {
                foreach (long id in ids ?? Array.Empty<long>())
                {
                    if (id <= 0)
                    {
                        EnqueueError(ErrorRecords.Invalid("InvalidPersonId", $"{id} is not a person id.", id));
                        continue;
                    }

                    keys.Add(new PersonKey { Key = id.ToString(CultureInfo.InvariantCulture), Id = id });
                }
            }

            if (required && !anyUuid && (ids == null || ids.Length == 0))
            {
                EnqueueError(ErrorRecords.Invalid(
                    "PersonIdMissing",
                    "No person given: pass -Uuid or -Id, or pipe persons (Get-PHPerson) or rows "
                    + "with a uuid or id column.",
                    null));
            }

            return keys;
        }

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
                    $"The change for distinct id '{distinctId}' is {captureEvent.Length:N0} bytes of JSON, "
                    + $"more than one capture request may carry ({CaptureBatch.MaxBodyBytes:N0}).",
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
                    "-UseCapture sends the change as an event for one of the person's distinct ids, and "
                    + $"{(uuid == null ? "this input" : "person " + uuid)} has none. Pipe persons from "
                    + "Get-PHPerson, add a distinct_id column, or pass -DistinctId.",
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
                        "-UseCapture sends events to PostHog's capture endpoint, which needs the project "
                        + "token (phc_…, Project settings → Project API key). Connect with "
                        + "Connect-PHProject … -ProjectToken <token>."),
                    "ProjectTokenMissing",
                    ErrorCategory.InvalidOperation,
                    null));
            }

            return connection.ProjectToken;
        }

        /// <summary>
        /// Sends <paramref name="request"/> and, when <paramref name="receipt"/> is given, fills
        /// in the request line and PostHog's status and returns it.
        /// </summary>
        protected async Task<object> SendAsync(
            PostHogConnection connection, ApiRequest request, PHPersonChange receipt, CancellationToken token)
        {
            using (ApiResponse response = await connection.Client.SendAsync(request, this, token)
                .ConfigureAwait(false))
            {
                if (receipt == null)
                {
                    return null;
                }

                receipt.StatusCode = (int)response.StatusCode;
                receipt.Request = RequestLine(connection, request);
                return receipt;
            }
        }

        /// <summary>Method and path of a request, e.g. PATCH /api/projects/1/persons/{uuid}/.</summary>
        protected static string RequestLine(PostHogConnection connection, ApiRequest request)
        {
            Uri baseUri = request.IsCapture ? connection.IngestBase : connection.ApiBase;
            return request.Method.Method + " " + new Uri(baseUri, request.RelativeUri).PathAndQuery;
        }

        /// <summary>Whether a PostHog error is about the key rather than the person: it stops the command.</summary>
        private static bool IsFatal(PostHogApiException error) =>
            error is PostHogAuthenticationException || error is PostHogPermissionException;

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
                    using (ApiResponse response = await connection.Client.SendAsync(request, this, token)
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
                catch (PostHogApiException error) when (!IsFatal(error))
                {
                    PostError(error, distinctIds);
                }
            });
        }

        private void SendPending()
        {
            if (_pending.Count == 0)
            {
                return;
            }

            PendingWork[] items = _pending.ToArray();
            _pending.Clear();
            int limit = ThrottleLimitInEffect;
            Run(token => RunAllAsync(items, limit, token));
        }

        private async Task RunAllAsync(PendingWork[] items, int limit, CancellationToken token)
        {
            using (var gate = new SemaphoreSlim(limit))
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(token))
            {
                var writer = new OrderedWriter(items.Length, Post, this);
                Exception fatal = null;
                Task[] running = new Task[items.Length];
                for (int i = 0; i < items.Length; i++)
                {
                    int index = i;
                    running[i] = Task.Run(async () =>
                    {
                        object outcome;
                        try
                        {
                            outcome = await RunOneAsync(items[index], gate, stop.Token).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException) when (stop.IsCancellationRequested)
                        {
                            outcome = null;
                        }
                        catch (Exception error)
                        {
                            Interlocked.CompareExchange(ref fatal, error, null);
                            stop.Cancel();
                            outcome = null;
                        }

                        writer.Complete(index, outcome);
                    });
                }

                await Task.WhenAll(running).ConfigureAwait(false);
                if (fatal != null)
                {
                    ExceptionDispatchInfo.Capture(fatal).Throw();
                }

                token.ThrowIfCancellationRequested();
            }
        }

        private static async Task<object> RunOneAsync(PendingWork item, SemaphoreSlim gate, CancellationToken token)
        {
            if (item.Work == null)
            {
                return item.Ready;
            }

            await gate.WaitAsync(token).ConfigureAwait(false);
            try
            {
                return await item.Work(token).ConfigureAwait(false);
            }
            catch (PostHogApiException error) when (!IsFatal(error))
            {
                return ErrorRecords.From(error, item.Target, item.NotFoundId);
            }
            finally
            {
                gate.Release();
            }
        }

        private sealed class PendingWork
        {
            public object Target { get; set; }

            public Func<CancellationToken, Task<object>> Work { get; set; }

            public string NotFoundId { get; set; }

            /// <summary>The outcome known without a request (an error record), when Work is null.</summary>
            public object Ready { get; set; }
        }

        /// <summary>
        /// Writes outcomes in input order: an outcome that completes early waits until every
        /// one before it has been written.
        /// </summary>
        private sealed class OrderedWriter
        {
            private static readonly object Nothing = new object();

            private readonly object[] _outcomes;
            private readonly Action<Action> _post;
            private readonly Cmdlet _cmdlet;
            private int _next;

            public OrderedWriter(int count, Action<Action> post, Cmdlet cmdlet)
            {
                _outcomes = new object[count];
                _post = post;
                _cmdlet = cmdlet;
            }

            public void Complete(int index, object outcome)
            {
                lock (_outcomes)
                {
                    _outcomes[index] = outcome ?? Nothing;
                    while (_next < _outcomes.Length && _outcomes[_next] != null)
                    {
                        object ready = _outcomes[_next];
                        _outcomes[_next] = Nothing;
                        _next++;
                        if (ready is ErrorRecord error)
                        {
                            _post(() => _cmdlet.WriteError(error));
                        }
                        else if (ready != Nothing)
                        {
                            _post(() => _cmdlet.WriteObject(ready));
                        }
                    }
                }
            }
        }
    }
}
