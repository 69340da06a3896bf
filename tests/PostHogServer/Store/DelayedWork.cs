using System.Threading.Channels;

namespace PostHogServer.Store;

/// <summary>
/// Applies changes after a delay, in the order they were queued, like an ingestion pipeline.
/// With no delay and nothing waiting, a change applies at once, inside the request.
/// <see cref="Reset"/> drops everything still waiting.
/// </summary>
public sealed class DelayedWork
{
    private readonly Channel<Item> queue = Channel.CreateUnbounded<Item>(
        new UnboundedChannelOptions { SingleReader = true });

    private long generation;
    private int pending;

    /// <summary>Starts the background worker.</summary>
    public DelayedWork()
    {
        _ = Task.Run(WorkAsync);
    }

    /// <summary>Number of changes waiting.</summary>
    public int Pending => Volatile.Read(ref pending);

    /// <summary>
    /// Applies <paramref name="change"/> now or after <paramref name="delayMs"/>.
    /// </summary>
    public void Run(int delayMs, Action change)
    {
        if (delayMs <= 0 && Pending == 0)
        {
            change();
            return;
        }

        Interlocked.Increment(ref pending);
        var due = DateTime.UtcNow.AddMilliseconds(Math.Max(0, delayMs));
        queue.Writer.TryWrite(new Item(due, change, Interlocked.Read(ref generation)));
    }

    /// <summary>Forgets all waiting changes.</summary>
    public void Reset() => Interlocked.Increment(ref generation);

    private async Task WorkAsync()
    {
        await foreach (var item in queue.Reader.ReadAllAsync())
        {
            try
            {
                var wait = item.Due - DateTime.UtcNow;
                if (wait > TimeSpan.Zero && item.Generation == Interlocked.Read(ref generation))
                {
                    await Task.Delay(wait);
                }

                if (item.Generation == Interlocked.Read(ref generation))
                {
                    item.Change();
                }
            }
            catch (Exception exception)
            {
                Console.Error.WriteLine($"PostHogServer: delayed change failed: {exception.Message}");
            }
            finally
            {
                Interlocked.Decrement(ref pending);
            }
        }
    }

    private sealed record Item(DateTime Due, Action Change, long Generation);
}
