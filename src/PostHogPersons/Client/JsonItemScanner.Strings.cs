using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace PostHogPersons.Client
{
    /// <summary>Decoding and checking the text of scanned strings.</summary>
    internal ref partial struct JsonItemScanner
    {
        /// <summary>
        /// The .NET string of a string scanned by <see cref="TryString"/>.
        /// </summary>
        /// <exception cref="JsonException">The text is not valid UTF-8 or an escape is not a valid
        /// UTF-16 sequence.</exception>
        [MethodImpl(HotPath.Optimized)]
        public string Decode(int start, int length, bool escaped)
        {
            try
            {
                if (!escaped)
                {
                    return length == 0 ? string.Empty
                        : TryDecodeAscii(start, length)
                            ?? StrictUtf8.GetString(_array, _offset + start, length);
                }

                // Rare: Utf8JsonReader unescapes the string token, quotes included.
                var reader = new Utf8JsonReader(_text.Slice(start - 1, length + 2));
                reader.Read();
                return reader.GetString();
            }
            catch (Exception error) when (error is ArgumentException || error is InvalidOperationException)
            {
                throw new JsonException(InvalidText, error);
            }
        }

        /// <summary>
        /// The string of ASCII bytes, widened here rather than by the UTF-8 decoder (whose code
        /// a fresh process would otherwise compile twice more while warming up); null when a
        /// byte is not ASCII or there is no room.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private string TryDecodeAscii(int start, int length)
        {
            char[] chars = _chars;
            if (chars == null || length > chars.Length)
            {
                return null;
            }

            ReadOnlySpan<byte> text = _text.Slice(start, length);
            for (int i = 0; i < text.Length; i++)
            {
                byte b = text[i];
                if (b >= 0x80)
                {
                    return null;
                }

                chars[i] = (char)b;
            }

            return new string(chars, 0, length);
        }

        /// <summary>
        /// Checks that every string of <paramref name="json"/>, well-formed JSON text, can be
        /// read: its bytes are valid UTF-8 and its \u escapes valid UTF-16 (a high surrogate
        /// followed by a low one, no lone surrogate), as Utf8JsonReader.GetString requires.
        /// </summary>
        /// <exception cref="JsonException">A string is not valid UTF-8 or UTF-16.</exception>
        public static void CheckStrings(byte[] json)
        {
            // Outside its strings well-formed JSON is ASCII, so the whole text is valid UTF-8
            // exactly when each string is.
            try
            {
                StrictUtf8.GetCharCount(json);
            }
            catch (ArgumentException error)
            {
                throw new JsonException(InvalidText, error);
            }

            CheckEscapes(json, 0, json.Length);
        }

        /// <summary>
        /// Checks the \u escapes of a string scanned by <see cref="TryString"/> for lone
        /// surrogates (its bytes are not checked).
        /// </summary>
        /// <exception cref="JsonException">An escape is not valid UTF-16.</exception>
        public void CheckEscapes(int start, int length) =>
            CheckEscapes(_array, _offset + start, _offset + start + length);

        /// <summary>
        /// Checks the \u escapes of well-formed JSON text from <paramref name="start"/> up to
        /// <paramref name="end"/> for lone surrogates. A backslash there always starts an
        /// escape, so each is found by a search and passed whole.
        /// </summary>
        /// <exception cref="JsonException">An escape is not valid UTF-16.</exception>
        private static void CheckEscapes(byte[] json, int start, int end)
        {
            int at = Array.IndexOf(json, (byte)'\\', start, end - start);
            while (at >= 0)
            {
                int length = 2;
                if (json[at + 1] == (byte)'u')
                {
                    int unit = HexValue(json, at + 2);
                    length = 6;
                    if (unit >= 0xD800 && unit <= 0xDFFF)
                    {
                        if (unit >= 0xDC00 || at + 12 > end || json[at + 6] != (byte)'\\'
                            || json[at + 7] != (byte)'u' || !IsLowSurrogate(HexValue(json, at + 8)))
                        {
                            throw new JsonException(InvalidText);
                        }

                        length = 12;
                    }
                }

                at += length;
                at = at < end ? Array.IndexOf(json, (byte)'\\', at, end - at) : -1;
            }
        }

        private static bool IsLowSurrogate(int unit) => unit >= 0xDC00 && unit <= 0xDFFF;

        /// <summary>
        /// The value of the four hex digits (known to be hex) at <paramref name="at"/>.
        /// </summary>
        private static int HexValue(byte[] json, int at)
        {
            int value = 0;
            for (int i = at; i < at + 4; i++)
            {
                int b = json[i] | 0x20;
                value = (value << 4) + (b <= '9' ? b - '0' : b - 'a' + 10);
            }

            return value;
        }

        /// <summary>The string <see cref="Decode"/> gives, or null where it fails.</summary>
        public string TryDecode(int start, int length, bool escaped)
        {
            try
            {
                return Decode(start, length, escaped);
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
