using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace PostHogPersons.Client
{
    /// <summary>
    /// Hands out one string instance for short JSON texts that repeat (property keys such as
    /// "$geoip_country_code", values such as "pro"), so that reading a million persons does
    /// not allocate the same few hundred strings a million times. Direct-mapped: a slot
    /// keeps the last text hashed to it, so texts that never repeat cost one copy of at most
    /// <see cref="MaxLength"/> bytes and no allocation beyond the string itself.
    /// </summary>
    internal sealed class Utf8StringCache
    {
        /// <summary>Longer texts are not cached.</summary>
        public const int MaxLength = 32;

        private const int Slots = 1024;

        private readonly byte[] _bytes = new byte[Slots * MaxLength];
        private readonly int[] _lengths = new int[Slots];
        private readonly string[] _strings = new string[Slots];

        /// <summary>The string of the reader's current string or property name token.</summary>
        [MethodImpl(HotPath.Optimized)]
        public string Get(ref Utf8JsonReader reader)
        {
            if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxLength)
            {
                return reader.GetString();
            }

            ReadOnlySpan<byte> text = reader.ValueSpan;
            int slot = Slot(text);
            Span<byte> saved = new Span<byte>(_bytes, slot * MaxLength, MaxLength);
            string cached = _strings[slot];
            if (cached != null && _lengths[slot] == text.Length
                && text.SequenceEqual(saved.Slice(0, text.Length)))
            {
                return cached;
            }

            string value = reader.GetString();
            text.CopyTo(saved);
            _lengths[slot] = text.Length;
            _strings[slot] = value;
            return value;
        }

        [MethodImpl(HotPath.Optimized)]
        private static int Slot(ReadOnlySpan<byte> text)
        {
            // The first and last eight bytes and the length tell keys and short values apart
            // well enough; a collision only costs a miss.
            int length = text.Length;
            ulong hash;
            if (length >= 8)
            {
                ulong head = MemoryMarshal.Read<ulong>(text);
                ulong tail = MemoryMarshal.Read<ulong>(text.Slice(length - 8));
                hash = (head * 0x9E3779B97F4A7C15UL) ^ ((tail + (ulong)length) * 0xC2B2AE3D27D4EB4FUL);
            }
            else
            {
                hash = (ulong)length;
                foreach (byte b in text)
                {
                    hash = (hash * 31) + b;
                }

                hash *= 0x9E3779B97F4A7C15UL;
            }

            return (int)(hash >> 54) & (Slots - 1);
        }
    }
}
