namespace PostHogServer.Store;

/// <summary>
/// PostHog's view of anonymous distinct ids: five lowercase alphanumeric groups joined by
/// dashes (^([a-z0-9]+\-){4}([a-z0-9]+)$), i.e. UUID-like ids made by SDKs before identify.
/// </summary>
public static class DistinctIdOrder
{
    /// <summary>True when the id looks like an SDK-generated anonymous id.</summary>
    public static bool IsAnonymous(string distinctId)
    {
        var groups = 1;
        var groupLength = 0;
        foreach (var c in distinctId)
        {
            if (c == '-')
            {
                if (groupLength == 0)
                {
                    return false;
                }

                groups++;
                groupLength = 0;
                continue;
            }

            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9')))
            {
                return false;
            }

            groupLength++;
        }

        return groups == 5 && groupLength > 0;
    }

    /// <summary>
    /// Stable sort that puts non-anonymous ids first, as PostHog's serializers do.
    /// </summary>
    public static string[] NonAnonymousFirst(string[] distinctIds)
    {
        var firstAnonymous = Array.FindIndex(distinctIds, IsAnonymous);
        if (firstAnonymous < 0 || Array.FindIndex(distinctIds, firstAnonymous,
                id => !IsAnonymous(id)) < 0)
        {
            return distinctIds;
        }

        var sorted = new string[distinctIds.Length];
        var next = 0;
        foreach (var id in distinctIds)
        {
            if (!IsAnonymous(id))
            {
                sorted[next++] = id;
            }
        }

        foreach (var id in distinctIds)
        {
            if (IsAnonymous(id))
            {
                sorted[next++] = id;
            }
        }

        return sorted;
    }
}
