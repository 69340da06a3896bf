using System.Globalization;
using PostHogServer.Api;

namespace PostHogServer.Query;

/// <summary>The query parameters of GET persons/ (G3).</summary>
public sealed record ListParameters(
    int Limit,
    int Offset,
    string? DistinctId,
    string? Email,
    string? Search,
    string? Properties,
    bool IncludeTotal)
{
    /// <summary>Page size when limit is absent or 0.</summary>
    public const int DefaultLimit = 100;

    /// <summary>Most rows one query returns (the HogQL paginator's cap).</summary>
    public const int MaxRows = 50_000;

    /// <summary>Reads the parameters; unparsable numbers fall back to their defaults.</summary>
    public static ListParameters From(ApiRequest request)
    {
        var limit = ParseInt(request.Query("limit"));
        var offset = ParseInt(request.Query("offset"));
        var search = request.Query("search")?.Trim();
        return new ListParameters(
            limit is > 0 ? limit.Value : DefaultLimit,
            offset is > 0 ? offset.Value : 0,
            NullIfEmpty(request.Query("distinct_id")),
            NullIfEmpty(request.Query("email")),
            NullIfEmpty(search),
            NullIfEmpty(request.Query("properties")),
            request.HasQuery("include_total"));
    }

    /// <summary>Identifies the filter (not the page) for caching matches.</summary>
    public string FilterKey => $"{DistinctId}\u0001{Email}\u0001{Search}\u0001{Properties}";

    /// <summary>True when no filter is set.</summary>
    public bool IsUnfiltered =>
        DistinctId is null && Email is null && Search is null && Properties is null;

    private static int? ParseInt(string? text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
