using System.Buffers;
using PostHogServer.Faults;

namespace PostHogServer.Api;

/// <summary>Writes a response, bending it as the fault (truncate, reset, ...) asks.</summary>
public static class ResponseSender
{
    /// <summary>Sends the response; returns the status the client was given.</summary>
    public static async Task<int> SendAsync(HttpContext http, Outcome outcome)
    {
        var result = outcome.Result;
        var status = result.Status;
        var contentType = result.ContentType;
        var body = result.Content;
        var kind = outcome.Fault?.Kind;
        switch (kind)
        {
            case FaultKind.WrongContentType:
                contentType = "text/plain";
                break;
            case FaultKind.EmptyBody:
                status = 200;
                contentType = ApiResult.JsonContentType;
                body = ReadOnlyMemory<byte>.Empty;
                break;
            case FaultKind.Truncate:
                body = body[..PartLength(body, outcome.Fault!)];
                break;
        }

        var response = http.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        foreach (var (name, value) in result.Headers)
        {
            response.Headers.Append(name, value);
        }

        response.ContentLength = body.Length;
        try
        {
            if (kind == FaultKind.Reset)
            {
                await ResetAsync(http, body, PartLength(body, outcome.Fault!));
                return status;
            }

            if (kind == FaultKind.StallBody)
            {
                await StallBodyAsync(http, body, outcome.Fault!);
                return status;
            }

            if (body.Length > 0 && !HttpMethods.IsHead(http.Request.Method))
            {
                await response.Body.WriteAsync(body, http.RequestAborted);
            }

            return status;
        }
        finally
        {
            if (result.Pooled)
            {
                ArrayPool<byte>.Shared.Return(result.Body);
            }
        }
    }

    private static async Task ResetAsync(HttpContext http, ReadOnlyMemory<byte> body, int part)
    {
        if (part > 0)
        {
            await http.Response.Body.WriteAsync(body[..part], http.RequestAborted);
            await http.Response.Body.FlushAsync(http.RequestAborted);
        }

        http.Abort();
    }

    private static async Task StallBodyAsync(HttpContext http, ReadOnlyMemory<byte> body, FaultRule fault)
    {
        var part = PartLength(body, fault);
        await http.Response.Body.WriteAsync(body[..part], http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
        await Task.Delay(fault.DelayMs, http.RequestAborted);
        await http.Response.Body.WriteAsync(body[part..], http.RequestAborted);
    }

    private static int PartLength(ReadOnlyMemory<byte> body, FaultRule fault)
    {
        var wanted = fault.Bytes ?? body.Length / 2;
        var most = fault.Kind == FaultKind.Reset ? body.Length - 1 : body.Length;
        return Math.Clamp(wanted, 0, Math.Max(0, most));
    }
}
