namespace PostHogServer.Seeding;

/// <summary>
/// Deterministic UUIDv7-shaped values for seeded data: the creation time in the first 48 bits,
/// the rest drawn from the seed, so the same seed always yields the same ids.
/// </summary>
public static class SeedUuid
{
    /// <summary>The UUID of seeded person <paramref name="id"/>.</summary>
    public static Guid ForPerson(int seed, long projectId, long id, DateTime createdAt)
    {
        var random = new SeedRandom(seed, id, stream: 2 + (ulong)projectId);
        var millis = (ulong)(createdAt - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMillisecond;
        var (high, low) = Version7(millis, ref random);
        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, high);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], low);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>The two 64-bit halves of a version 7, RFC variant UUID.</summary>
    public static (ulong High, ulong Low) Version7(ulong unixMillis, ref SeedRandom random)
    {
        var high = (unixMillis << 16) | 0x7000UL | (random.NextULong() & 0x0FFF);
        var low = (random.NextULong() & 0x3FFFFFFFFFFFFFFFUL) | 0x8000000000000000UL;
        return (high, low);
    }

    /// <summary>Lowercase 8-4-4-4-12 text of a UUID given as two halves.</summary>
    public static string Format((ulong High, ulong Low) value)
    {
        return string.Create(36, value, static (span, halves) =>
        {
            var hex = "0123456789abcdef";
            var digit = 0;
            for (var i = 0; i < 36; i++)
            {
                if (i is 8 or 13 or 18 or 23)
                {
                    span[i] = '-';
                    continue;
                }

                var word = digit < 16 ? halves.High : halves.Low;
                var shift = 60 - 4 * (digit % 16);
                span[i] = hex[(int)((word >> shift) & 0xF)];
                digit++;
            }
        });
    }
}
