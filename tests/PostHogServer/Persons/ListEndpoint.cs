using System.Buffers;
using System.Globalization;
using PostHogServer.Api;
using PostHogServer.Faults;
using PostHogServer.Json;
using PostHogServer.Query;
using PostHogServer.Store;

namespace PostHogServer.Persons;

/// <summary>
/// GET persons/: newest first, limit/offset paging with absolute next/previous links. "next"
/// is set whenever the page came back with at least "limit" rows.
/// </summary>
public static class ListEndpoint
{
    private static readonly byte[] ResultsStart = "{\"results\":["u8.ToArray();
    private static readonly byte[] NextKey = "],\"next\":"u8.ToArray();
    private static readonly byte[] PreviousKey = ",\"previous\":"u8.ToArray();
    private static readonly byte[] CountKey = ",\"count\":"u8.ToArray();
    private static readonly byte[] Null = "null"u8.ToArray();

    /// <summary>Handles the list action.</summary>
    public static ApiResult Handle(ApiContext context)
    {
        var parameters = ListParameters.From(context.Request);
        var error = PersonQuery.Run(context.Persons, parameters, out var matches);
        if (error is not null)
        {
            return error.ToResult();
        }

        var start = Math.Min(parameters.Offset, matches.Length);
        var pageSize = Math.Min(parameters.Limit, ListParameters.MaxRows);
        var fetched = Math.Min(pageSize, matches.Length - start);
        var url = context.Request.AbsoluteUrl;
        var next = fetched >= parameters.Limit
            ? PageLinks.WithOffset(url, parameters.Offset + parameters.Limit)
            : null;
        var previous = parameters.Offset - parameters.Limit >= 0
            ? PageLinks.WithOffset(url, parameters.Offset - parameters.Limit)
            : null;

        var shown = fetched;
        if (context.ListFault is { } fault)
        {
            ApplyFault(fault, context.Request, ref shown, ref next);
        }

        int? count = parameters.IncludeTotal ? matches.Length : null;
        var body = Page(matches.AsSpan(start, shown), next, previous, count, out var length);
        return new ApiResult { Status = 200, Body = body, Length = length, Pooled = true };
    }

    private static void ApplyFault(FaultRule fault, ApiRequest request, ref int shown, ref string? next)
    {
        if (fault.Kind == FaultKind.ShortPage)
        {
            shown = Math.Max(0, shown - Math.Max(0, fault.DropCount));
            return;
        }

        next = fault.Next?
            .Replace("{self}", request.AbsoluteUrl, StringComparison.Ordinal)
            .Replace("{path}", request.RawTarget, StringComparison.Ordinal);
    }

    /// <summary>Builds the page into a pooled array; the caller's response returns it.</summary>
    private static byte[] Page(
        ReadOnlySpan<Person> rows,
        string? next,
        string? previous,
        int? count,
        out int length)
    {
        var items = new ArraySegment<byte>[rows.Length];
        var size = ResultsStart.Length + NextKey.Length + PreviousKey.Length + 1
            + Math.Max(0, rows.Length - 1);
        for (var i = 0; i < rows.Length; i++)
        {
            items[i] = rows[i].ListJson;
            size += items[i].Count;
        }

        var nextJson = UrlJson(next);
        var previousJson = UrlJson(previous);
        var countJson = count is { } total
            ? System.Text.Encoding.ASCII.GetBytes(total.ToString(CultureInfo.InvariantCulture))
            : null;
        size += nextJson.Length + previousJson.Length
            + (countJson is null ? 0 : CountKey.Length + countJson.Length);

        var body = ArrayPool<byte>.Shared.Rent(size);
        var at = Append(body, 0, ResultsStart);
        for (var i = 0; i < items.Length; i++)
        {
            if (i > 0)
            {
                body[at++] = (byte)',';
            }

            items[i].CopyTo(body, at);
            at += items[i].Count;
        }

        at = Append(body, at, NextKey);
        at = Append(body, at, nextJson);
        at = Append(body, at, PreviousKey);
        at = Append(body, at, previousJson);
        if (countJson is not null)
        {
            at = Append(body, at, CountKey);
            at = Append(body, at, countJson);
        }

        body[at] = (byte)'}';
        length = size;
        return body;
    }

    private static byte[] UrlJson(string? url) =>
        url is null
            ? Null
            : JsonBuffer.Build(url, static (writer, value) => writer.WriteStringValue(value));

    private static int Append(byte[] target, int at, byte[] source)
    {
        source.CopyTo(target, at);
        return at + source.Length;
    }
}
