using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using PostHogPersons.Client;
using PostHogPersons.Client.Errors;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// The base of the cmdlets that act on persons one at a time. Each pipeline record is
    /// checked and confirmed in ProcessRecord and its request queued; the queue is sent in
    /// chunks (and at the end) with at most -ThrottleLimit requests in flight, and the
    /// results and errors are written on the pipeline thread in input order. Pacing under
    /// PostHog's rate limits happens inside the client, so more requests in flight never
    /// means more than PostHog allows. With -UseCapture, property changes are collected
    /// into capture /batch/ requests instead (see PHPersonCmdlet.Capture.cs).
    /// </summary>
    public abstract partial class PHPersonCmdlet : PHCmdlet
    {
        private readonly List<PendingWork> _pending = new List<PendingWork>();

        /// <summary>
        /// How many requests are kept in flight: -ThrottleLimit, else the configuration's.
        /// </summary>
        protected int ThrottleLimitInEffect =>
            MyInvocation.BoundParameters.TryGetValue("ThrottleLimit", out object limit)
                ? Convert.ToInt32(limit, CultureInfo.InvariantCulture)
                : Math.Max(1, PHConfiguration.Current.ThrottleLimit);

        /// <summary>
        /// Queued requests at which the queue is sent without waiting for more input.
        /// </summary>
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

        /// <summary>
        /// Queues an error found without a request, so it is written in input order.
        /// </summary>
        protected void EnqueueError(ErrorRecord error)
        {
            _pending.Add(new PendingWork { Ready = error });
        }

        /// <summary>
        /// Like <see cref="ReadPersonKeys(string[], long[], bool)"/>; when neither names anybody,
        /// a string from the pipeline is a UUID and a whole number an id.
        /// </summary>
        protected List<PersonKey> ReadPersonKeys(
            string[] uuids, long[] ids, PSObject input, bool required)
        {
            switch (PersonKeys.NoneGiven(uuids, ids) ? input?.BaseObject : null)
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
        /// with <paramref name="required"/>, a record that names nobody is queued as
        /// PersonIdMissing.
        /// </summary>
        protected List<PersonKey> ReadPersonKeys(string[] uuids, long[] ids, bool required)
        {
            List<PersonKey> keys = PersonKeys.Parse(uuids, ids, EnqueueError);
            if (required && PersonKeys.NoneGiven(uuids, ids))
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
        /// Sends <paramref name="request"/> and, when <paramref name="receipt"/> is given, fills
        /// in the request line and PostHog's status and returns it.
        /// </summary>
        protected async Task<object> SendAsync(
            PostHogConnection connection,
            ApiRequest request,
            PHPersonChange receipt,
            CancellationToken token)
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

        /// <summary>
        /// Method and path of a request, e.g. PATCH /api/projects/1/persons/{uuid}/.
        /// </summary>
        protected static string RequestLine(PostHogConnection connection, ApiRequest request)
        {
            Uri baseUri = request.IsCapture ? connection.IngestBase : connection.ApiBase;
            return request.Method.Method + " " + new Uri(baseUri, request.RelativeUri).PathAndQuery;
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
                            outcome = await RunOneAsync(items[index], gate, stop.Token)
                                .ConfigureAwait(false);
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

        private static async Task<object> RunOneAsync(
            PendingWork item, SemaphoreSlim gate, CancellationToken token)
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
            catch (PostHogApiException error) when (PersonKeys.IsPerPerson(error))
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

            /// <summary>
            /// The outcome known without a request (an error record), when Work is null.
            /// </summary>
            public object Ready { get; set; }
        }
    }
}
