using System.Security.Cryptography;
using System.Text;

namespace PostHogServer.Store;

/// <summary>
/// Deterministic person UUIDs as PostHog makes them: UUIDv5 of "team_id:distinct_id" in the
/// person namespace, and "team_id:distinct_id:split" for an id split off the person it seeded.
/// </summary>
public static class PersonUuids
{
    private static readonly byte[] PersonNamespace =
        Convert.FromHexString("932979b465c3442484670b66ec27bc22");

    /// <summary>The UUID ingestion gives a new person first seen with this distinct id.</summary>
    public static Guid FromDistinctId(long teamId, string distinctId)
    {
        return NameBased($"{teamId}:{distinctId}");
    }

    /// <summary>The UUID a split gives the distinct id that seeded the original person.</summary>
    public static Guid ForSplit(long teamId, string distinctId)
    {
        return NameBased($"{teamId}:{distinctId}:split");
    }

    /// <summary>UUID version 5 (SHA-1, RFC 9562) of a name in the person namespace.</summary>
    public static Guid NameBased(string name)
    {
        var nameLength = Encoding.UTF8.GetByteCount(name);
        Span<byte> input = nameLength <= 512
            ? stackalloc byte[16 + nameLength]
            : new byte[16 + nameLength];
        PersonNamespace.CopyTo(input);
        Encoding.UTF8.GetBytes(name, input[16..]);

        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }

    /// <summary>
    /// Parses a UUID the way Python's uuid.UUID accepts it (hex, optional dashes/braces).
    /// </summary>
    public static bool TryParse(string? text, out Guid uuid)
    {
        uuid = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        if (trimmed.StartsWith("urn:uuid:", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed[9..];
        }

        var hex = trimmed.Replace("{", "").Replace("}", "").Replace("-", "");
        return hex.Length == 32 && Guid.TryParseExact(hex, "N", out uuid);
    }
}
