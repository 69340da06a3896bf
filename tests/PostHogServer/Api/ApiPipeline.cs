using System.Diagnostics;
using PostHogServer.Control;

namespace PostHogServer.Api;

/// <summary>
/// Entry point for every non-control request: reads it, adds the configured latency,
/// dispatches it, sends the response (with any fault) and records it in the request log.
/// </summary>
public sealed class ApiPipeline
{
    /// <summary>Status logged when the client went away before the response was sent.</summary>
    public const int ClientClosedRequest = 499;

    private readonly ServerState state;
    private readonly ApiDispatcher dispatcher;

    /// <summary>Creates the pipeline.</summary>
    public ApiPipeline(ServerState state)
    {
        this.state = state;
        dispatcher = new ApiDispatcher(state);
    }

    /// <summary>Handles one request.</summary>
    public async Task HandleAsync(HttpContext http)
    {
        if (http.Request.Path.StartsWithSegments("/_test"))
        {
            var notFound = new Outcome(ApiError.EndpointNotFound().ToResult(), null);
            await ResponseSender.SendAsync(http, notFound);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var seq = state.Requests.NextSeq();
        ApiRequest? request = null;
        var status = ClientClosedRequest;
        try
        {
            request = await ApiRequest.ReadAsync(http);
            var latency = state.Config.Current.LatencyMs;
            if (latency > 0)
            {
                await Task.Delay(latency, http.RequestAborted);
            }

            var outcome = await dispatcher.DispatchAsync(request);
            status = await ResponseSender.SendAsync(http, outcome);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            status = ClientClosedRequest;
        }
        catch (IOException) when (http.RequestAborted.IsCancellationRequested)
        {
            status = ClientClosedRequest;
        }
        finally
        {
            state.Requests.Add(new RequestRecord(
                seq,
                http.Request.Method,
                request?.RawPath ?? http.Request.Path.Value ?? "",
                http.Request.QueryString.Value ?? "",
                request?.BodyTextForLog,
                http.Request.Headers.Authorization.Count == 0
                    ? null
                    : http.Request.Headers.Authorization.ToString(),
                http.Request.Headers.Host.ToString(),
                status,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                request?.FaultApplied));
        }
    }
}
