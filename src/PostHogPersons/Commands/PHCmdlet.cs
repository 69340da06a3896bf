using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Threading;
using System.Threading.Tasks;
using PostHogPersons.Client;
using PostHogPersons.Client.Errors;
using PostHogPersons.Models;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// The base of every PH cmdlet: finds the connection, owns the cancellation token that
    /// Ctrl+C cancels, and runs asynchronous work while writing its objects, errors and
    /// log lines on the pipeline thread, as PowerShell requires. Its request options
    /// (-MaximumRetryCount, -RetryIntervalSec, -TimeoutSec) apply to every request it sends.
    /// </summary>
    public abstract partial class PHCmdlet : PHRequestOptionsCmdlet, IRequestLog
    {
        private const int QueueCapacity = 64;

        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private BlockingCollection<Action> _queue;
        private int _pipelineThread;
        private PostHogConnection _connection;

        /// <summary>
        /// The project to work on instead of the session default: a PHContext from
        /// Connect-PHProject -PassThru (or Get-PHContext).
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        public PHContext Context { get; set; }

        /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
        protected CancellationToken StopToken => _stopping.Token;

        /// <summary>
        /// The connection to use: -Context's, else Connect-PHProject's or one from the
        /// environment variables. Throws a terminating NotConnected error when there is none.
        /// </summary>
        protected PostHogConnection Connection => _connection ?? (_connection = Context != null
            ? ContextConnection.For(this, Context)
            : ResolveConnection());

        /// <summary>Cancels in-flight requests and waits.</summary>
        protected override void StopProcessing()
        {
            _stopping.Cancel();
            base.StopProcessing();
        }

        /// <summary>
        /// Runs <paramref name="work"/> on the thread pool and pumps what it posts onto the
        /// pipeline thread until it ends. API errors that escape the work terminate the
        /// command with a mapped ErrorRecord.
        /// </summary>
        protected void Run(Func<CancellationToken, Task> work, object errorTarget = null)
        {
            var queue = new BlockingCollection<Action>(QueueCapacity);
            _queue = queue;
            _pipelineThread = Thread.CurrentThread.ManagedThreadId;
            RequestOptions options = BoundRequestOptions();
            Task task = Task.Run(async () =>
            {
                // Every request of this run, whoever builds it, gets the cmdlet's options.
                RequestOptions.Current = options;
                try
                {
                    await work(StopToken).ConfigureAwait(false);
                }
                finally
                {
                    queue.CompleteAdding();
                }
            });
            try
            {
                foreach (Action action in queue.GetConsumingEnumerable())
                {
                    action();
                }
            }
            catch
            {
                // The pipeline stopped downstream (Select-Object -First) or a write failed:
                // stop the work, let it unwind, and pass the reason on.
                _stopping.Cancel();
                Drain(queue, task);
                throw;
            }
            finally
            {
                _queue = null;
            }

            try
            {
                task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception error)
                when (error is PostHogApiException || error is ArgumentException)
            {
                ThrowTerminatingError(ErrorRecords.From(error, errorTarget));
            }
        }

        /// <summary>
        /// Runs <paramref name="action"/> on the pipeline thread: at once when called there,
        /// else queued for the pump. Blocks while the queue is full (back-pressure).
        /// </summary>
        protected void Post(Action action)
        {
            BlockingCollection<Action> queue = _queue;
            if (queue == null || Thread.CurrentThread.ManagedThreadId == _pipelineThread)
            {
                action();
                return;
            }

            try
            {
                queue.Add(action, StopToken);
            }
            catch (InvalidOperationException)
            {
                // The run has ended; a late log line has nowhere to go.
            }
        }

        /// <summary>Writes an ErrorRecord for <paramref name="error"/> and goes on.</summary>
        protected void PostError(
            Exception error, object target, string notFoundId = "PersonNotFound")
        {
            ErrorRecord record = ErrorRecords.From(error, target, notFoundId);
            Post(() => WriteError(record));
        }

        void IRequestLog.Verbose(string message) => Post(() => WriteVerbose(message));

        void IRequestLog.Debug(string message) => Post(() => WriteDebug(message));

        /// <summary>
        /// ShouldProcess that never hangs a scheduled task: where a confirmation prompt
        /// would be needed but the session cannot prompt, it fails with an error naming
        /// -Force and -Confirm:$false instead.
        /// </summary>
        protected bool ShouldChange(string target, string action)
        {
            try
            {
                return ShouldProcess(target, action);
            }
            // The console host throws NullReferenceException when its standard input is closed
            // (a task started without -NonInteractive): that is a prompt that cannot happen too.
            catch (Exception error) when (error is PSInvalidOperationException
                || error is HostException
                || error is NotImplementedException
                || error is NullReferenceException)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException(
                        $"'{action}' on {target} needs confirmation, but this session cannot "
                        + "prompt. Add -Force or -Confirm:$false to run it unattended, or -WhatIf "
                        + "to preview it.",
                        error),
                    "ConfirmationRequired",
                    ErrorCategory.PermissionDenied,
                    target));
                return false;
            }
        }

        /// <summary>
        /// ShouldChange for a cmdlet with -Force: <paramref name="force"/> skips the prompt,
        /// but never -WhatIf (nor $WhatIfPreference).
        /// </summary>
        protected bool ShouldChange(string target, string action, bool force)
        {
            bool whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out object value)
                ? ((SwitchParameter)value).IsPresent
                : LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));
            return force && !whatIf ? true : ShouldChange(target, action);
        }

        private PostHogConnection ResolveConnection()
        {
            PostHogConnection connection;
            try
            {
                connection = PHSession.Resolve();
            }
            catch (ArgumentException error)
            {
                ThrowTerminatingError(new ErrorRecord(
                    error, "InvalidEnvironment", ErrorCategory.InvalidArgument, null));
                return null;
            }

            if (connection == null)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException(
                        "Not connected to PostHog. Run Connect-PHProject -ApiHost <us|eu|url> "
                        + "-ProjectId <id> -ApiKey <SecureString>, or set "
                        + $"{PHSession.KeyVariable} and {PHSession.ProjectVariable}."),
                    "NotConnected",
                    ErrorCategory.ConnectionError,
                    null));
            }

            return connection;
        }

        private static void Drain(BlockingCollection<Action> queue, Task task)
        {
            while (!task.IsCompleted)
            {
                while (queue.TryTake(out _))
                {
                }

                ((IAsyncResult)task).AsyncWaitHandle.WaitOne(20);
            }

            try
            {
                task.Wait();
            }
            catch (AggregateException)
            {
                // The work was cancelled on purpose; its outcome no longer matters.
            }
        }
    }
}
