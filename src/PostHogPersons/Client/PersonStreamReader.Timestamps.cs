using System;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace PostHogPersons.Client
{
    /// <summary>Reading a person's timestamps, with a fast path for PostHog's own form.</summary>
    public sealed partial class PersonStreamReader
    {
        /// <summary>
        /// What <c>DateTimeOffset.TryParse(text, InvariantCulture, AssumeUniversal)</c> gives
        /// for the string at <paramref name="spot"/> (null for anything else), with a fast path
        /// for PostHog's own form, <c>2025-03-01T10:00:00[.ffffff]Z</c>.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static DateTimeOffset? ReadTimestamp(ref JsonItemScanner scan, int spot)
        {
            if (spot < 0 || scan.Text[spot] != (byte)'"')
            {
                return null;
            }

            scan.At(spot).TryString(out int start, out int length, out bool escaped);
            if (!escaped && TryParseUtc(scan.Text.Slice(start, length), out DateTimeOffset fast))
            {
                return fast;
            }

            if (DateTimeOffset.TryParse(
                scan.Decode(start, length, escaped),
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal,
                out DateTimeOffset parsed))
            {
                return parsed;
            }

            return null;
        }

        /// <summary>Parses exactly yyyy-MM-ddTHH:mm:ss, 1 to 7 fraction digits, then Z.</summary>
        [MethodImpl(HotPath.Optimized)]
        internal static bool TryParseUtc(ReadOnlySpan<byte> text, out DateTimeOffset stamp)
        {
            stamp = default;
            if (text.Length < 20 || text.Length > 28 || text.Length == 21
                || text[text.Length - 1] != (byte)'Z'
                || text[4] != (byte)'-' || text[7] != (byte)'-' || text[10] != (byte)'T'
                || text[13] != (byte)':' || text[16] != (byte)':')
            {
                return false;
            }

            if (!TryDigits(text, 0, 4, out int year) || !TryDigits(text, 5, 2, out int month)
                || !TryDigits(text, 8, 2, out int day) || !TryDigits(text, 11, 2, out int hour)
                || !TryDigits(text, 14, 2, out int minute) || !TryDigits(text, 17, 2, out int second))
            {
                return false;
            }

            long ticks = 0;
            int fraction = text.Length - 21;
            if (fraction > 0)
            {
                if (text[19] != (byte)'.' || !TryDigits(text, 20, fraction, out int digits))
                {
                    return false;
                }

                ticks = digits;
                for (int i = fraction; i < 7; i++)
                {
                    ticks *= 10;
                }
            }

            if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
                || hour > 23 || minute > 59 || second > 59)
            {
                return false;
            }

            var time = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc);
            stamp = new DateTimeOffset(time.Ticks + ticks, TimeSpan.Zero);
            return true;
        }

        [MethodImpl(HotPath.Optimized)]
        private static bool TryDigits(ReadOnlySpan<byte> text, int start, int count, out int value)
        {
            value = 0;
            for (int i = start; i < start + count; i++)
            {
                int digit = text[i] - '0';
                if ((uint)digit > 9)
                {
                    return false;
                }

                value = (value * 10) + digit;
            }

            return true;
        }
    }
}
