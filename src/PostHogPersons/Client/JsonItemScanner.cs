using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace PostHogPersons.Client
{
    /// <summary>
    /// Walks the UTF-8 text of one item of a list page and checks it against JSON's grammar
    /// as <see cref="Utf8JsonReader"/> does with its default options (no comments, no
    /// trailing commas, at most <see cref="MaxDepth"/> nested objects and arrays), so that
    /// it accepts exactly the texts the reader accepts. Values the caller does not want are
    /// passed over without being built; strings are decoded only when asked for.
    /// </summary>
    /// <remarks>
    /// The list hot path reads every person with this instead of Utf8JsonReader: its code is
    /// compiled fully optimized once (see <see cref="HotPath"/>), where the reader's code
    /// would be compiled again and again while a fresh process warms up, which cost more
    /// processor time than reading the persons did.
    /// </remarks>
    internal ref partial struct JsonItemScanner
    {
        /// <summary>
        /// An item sits at depth 2 of its page (the page object, then the results list), and
        /// a JSON document may nest 64 levels, so the item itself may hold 62.
        /// </summary>
        public const int MaxDepth = 62;

        private const string InvalidText = "A string of the item is not valid UTF-8 or UTF-16.";

        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);

        private readonly byte[] _array;
        private readonly int _offset;
        private readonly ReadOnlySpan<byte> _text;
        private readonly char[] _chars;
        private int _at;

        /// <summary>
        /// Scans <paramref name="text"/>, which must hold one JSON value and white space;
        /// <paramref name="chars"/> is room for decoding short ASCII strings (any length, or null).
        /// </summary>
        [MethodImpl(HotPath.OptimizedInline)]
        public JsonItemScanner(ArraySegment<byte> text, char[] chars = null)
        {
            _array = text.Array;
            _offset = text.Offset;
            _text = new ReadOnlySpan<byte>(text.Array, text.Offset, text.Count);
            _chars = chars;
            _at = 0;
        }

        /// <summary>Where the scan stands: the index of the next byte to read.</summary>
        public int Position => _at;

        /// <summary>The text scanned.</summary>
        public ReadOnlySpan<byte> Text => _text;

        /// <summary>
        /// A scanner over the same text that stands at <paramref name="position"/>.
        /// </summary>
        [MethodImpl(HotPath.OptimizedInline)]
        public JsonItemScanner At(int position)
        {
            JsonItemScanner copy = this;
            copy._at = position;
            return copy;
        }

        /// <summary>
        /// A copy of the scanned bytes from <paramref name="start"/> up to <paramref name="end"/>.
        /// </summary>
        public byte[] Copy(int start, int end)
        {
            var copy = new byte[end - start];
            Buffer.BlockCopy(_array, _offset + start, copy, 0, copy.Length);
            return copy;
        }

        /// <summary>
        /// Skips white space and returns the next byte without taking it, or -1 at the end.
        /// </summary>
        [MethodImpl(HotPath.OptimizedInline)]
        public int Peek()
        {
            ReadOnlySpan<byte> text = _text;
            int at = _at;
            while (at < text.Length)
            {
                byte b = text[at];
                if (b != (byte)' ' && b != (byte)'\n' && b != (byte)'\r' && b != (byte)'\t')
                {
                    _at = at;
                    return b;
                }

                at++;
            }

            _at = at;
            return -1;
        }

        /// <summary>
        /// Takes <paramref name="expected"/> after white space; false when another byte is next.
        /// </summary>
        [MethodImpl(HotPath.OptimizedInline)]
        public bool TryTake(byte expected)
        {
            if (Peek() != expected)
            {
                return false;
            }

            _at++;
            return true;
        }

        /// <summary>Whether only white space is left.</summary>
        [MethodImpl(HotPath.OptimizedInline)]
        public bool AtEnd() => Peek() < 0;

        /// <summary>
        /// Scans the string that starts after white space and returns its content (between
        /// the quotes, escapes as written); <paramref name="escaped"/> tells whether it has a
        /// backslash. False when no valid string is next.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public bool TryString(out int start, out int length, out bool escaped)
        {
            start = 0;
            length = 0;
            escaped = false;
            if (Peek() != '"')
            {
                return false;
            }

            ReadOnlySpan<byte> text = _text;
            ReadOnlySpan<byte> kinds = StringKinds;
            int at = _at + 1;
            start = at;
            while (true)
            {
                // Most bytes of a string are plain: pass eight at a time while none of them is
                // a quote, a backslash or a control character, then one at a time.
                while (at + 8 <= text.Length
                    && !HasSpecialByte(BinaryPrimitives.ReadUInt64LittleEndian(text.Slice(at))))
                {
                    at += 8;
                }

                while (at < text.Length && kinds[text[at]] == Plain)
                {
                    at++;
                }

                if (at >= text.Length)
                {
                    return false;
                }

                byte kind = kinds[text[at]];
                if (kind == Quote)
                {
                    length = at - start;
                    _at = at + 1;
                    return true;
                }

                if (kind == Control)
                {
                    return false;
                }

                // A backslash: one of \" \\ \/ \b \f \n \r \t, or \u and four hex digits.
                escaped = true;
                if (++at >= text.Length)
                {
                    return false;
                }

                byte escape = text[at];
                if (escape == (byte)'u')
                {
                    if (at + 4 >= text.Length || !IsHex(text[at + 1]) || !IsHex(text[at + 2])
                        || !IsHex(text[at + 3]) || !IsHex(text[at + 4]))
                    {
                        return false;
                    }

                    at += 5;
                }
                else if (escape == (byte)'"' || escape == (byte)'\\' || escape == (byte)'/'
                    || escape == (byte)'b' || escape == (byte)'f' || escape == (byte)'n'
                    || escape == (byte)'r' || escape == (byte)'t')
                {
                    at++;
                }
                else
                {
                    return false;
                }
            }
        }

        /// <summary>
        /// Scans the number that starts after white space: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public bool TryNumber(out int start, out int length)
        {
            Peek();
            ReadOnlySpan<byte> text = _text;
            int at = _at;
            start = at;
            length = 0;
            if (at < text.Length && text[at] == (byte)'-')
            {
                at++;
            }

            if (at >= text.Length)
            {
                return false;
            }

            if (text[at] == (byte)'0')
            {
                at++;
            }
            else if (IsDigit(text[at]))
            {
                at = SkipDigits(text, at);
            }
            else
            {
                return false;
            }

            if (at < text.Length && text[at] == (byte)'.')
            {
                at++;
                if (at >= text.Length || !IsDigit(text[at]))
                {
                    return false;
                }

                at = SkipDigits(text, at);
            }

            if (at < text.Length && (text[at] == (byte)'e' || text[at] == (byte)'E'))
            {
                at++;
                if (at < text.Length && (text[at] == (byte)'+' || text[at] == (byte)'-'))
                {
                    at++;
                }

                if (at >= text.Length || !IsDigit(text[at]))
                {
                    return false;
                }

                at = SkipDigits(text, at);
            }

            // A number ends at white space or a separator; "01", "1x" or "1-" are not numbers.
            if (at < text.Length && !IsDelimiter(text[at]))
            {
                return false;
            }

            length = at - start;
            _at = at;
            return true;
        }

        /// <summary>
        /// Takes the literal <c>true</c>, <c>false</c> or <c>null</c> that starts after white
        /// space.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public bool TryLiteral(out JsonTokenType literal)
        {
            literal = JsonTokenType.None;
            int first = Peek();
            ReadOnlySpan<byte> word;
            switch (first)
            {
                case 't':
                    word = TrueText;
                    literal = JsonTokenType.True;
                    break;
                case 'f':
                    word = FalseText;
                    literal = JsonTokenType.False;
                    break;
                case 'n':
                    word = NullText;
                    literal = JsonTokenType.Null;
                    break;
                default:
                    return false;
            }

            int end = _at + word.Length;
            if (end > _text.Length || !_text.Slice(_at, word.Length).SequenceEqual(word)
                || (end < _text.Length && !IsDelimiter(_text[end])))
            {
                return false;
            }

            _at = end;
            return true;
        }

        /// <summary>
        /// Passes over the value that starts after white space, checking it whole;
        /// <paramref name="depth"/> is how many objects and arrays are open around it.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public bool TrySkipValue(int depth)
        {
            switch (Peek())
            {
                case '"':
                    return TryString(out _, out _, out _);
                case '{':
                    return TrySkipObject(depth);
                case '[':
                    return TrySkipArray(depth);
                case 't':
                case 'f':
                case 'n':
                    return TryLiteral(out _);
                default:
                    return TryNumber(out _, out _);
            }
        }

        /// <summary>
        /// Passes over the object that starts after white space (see <see cref="TrySkipValue"/>).
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public bool TrySkipObject(int depth)
        {
            if (depth >= MaxDepth || !TryTake((byte)'{'))
            {
                return false;
            }

            if (TryTake((byte)'}'))
            {
                return true;
            }

            while (true)
            {
                if (!TryString(out _, out _, out _) || !TryTake((byte)':') || !TrySkipValue(depth + 1))
                {
                    return false;
                }

                int next = Peek();
                _at++;
                if (next == '}')
                {
                    return true;
                }

                if (next != ',')
                {
                    return false;
                }
            }
        }

        /// <summary>
        /// Passes over the array that starts after white space (see <see cref="TrySkipValue"/>).
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public bool TrySkipArray(int depth)
        {
            if (depth >= MaxDepth || !TryTake((byte)'['))
            {
                return false;
            }

            if (TryTake((byte)']'))
            {
                return true;
            }

            while (true)
            {
                if (!TrySkipValue(depth + 1))
                {
                    return false;
                }

                int next = Peek();
                _at++;
                if (next == ']')
                {
                    return true;
                }

                if (next != ',')
                {
                    return false;
                }
            }
        }

        /// <summary>
        /// Whether any of the eight bytes of <paramref name="word"/> is a quote, a backslash or
        /// below 0x20: the classic word-wide tests for a zero byte (of the word XOR the byte
        /// sought) and for a byte below a bound, exact for "is there any".
        /// </summary>
        [MethodImpl(HotPath.OptimizedInline)]
        private static bool HasSpecialByte(ulong word)
        {
            const ulong Ones = 0x0101010101010101UL;
            const ulong Highs = 0x8080808080808080UL;
            ulong quotes = word ^ (Ones * '"');
            ulong backslashes = word ^ (Ones * '\\');
            ulong flagged = ((word - (Ones * 0x20)) & ~word)
                | ((quotes - Ones) & ~quotes)
                | ((backslashes - Ones) & ~backslashes);
            return (flagged & Highs) != 0;
        }

        [MethodImpl(HotPath.OptimizedInline)]
        private static int SkipDigits(ReadOnlySpan<byte> text, int at)
        {
            while (at < text.Length && IsDigit(text[at]))
            {
                at++;
            }

            return at;
        }

        [MethodImpl(HotPath.OptimizedInline)]
        private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

        [MethodImpl(HotPath.OptimizedInline)]
        private static bool IsHex(byte b) => IsDigit(b) || (uint)((b | 0x20) - 'a') <= 5;

        [MethodImpl(HotPath.OptimizedInline)]
        private static bool IsDelimiter(byte b) =>
            b == (byte)',' || b == (byte)'}' || b == (byte)']'
            || b == (byte)' ' || b == (byte)'\n' || b == (byte)'\r' || b == (byte)'\t';

        private static ReadOnlySpan<byte> TrueText => "true"u8;

        private static ReadOnlySpan<byte> FalseText => "false"u8;

        private static ReadOnlySpan<byte> NullText => "null"u8;

        private const byte Plain = 0;
        private const byte Quote = 1;
        private const byte Backslash = 2;
        private const byte Control = 3;

        /// <summary>
        /// What each byte means inside a string: 1 (a quote) ends it, 2 (a backslash) escapes,
        /// 3 (a control character) is invalid, 0 is plain. Constant data, so the compiled
        /// code indexes it without a bounds check or a class-initialization check.
        /// </summary>
        private static ReadOnlySpan<byte> StringKinds => new byte[256]
        {
            3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
            3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
            0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        };
    }
}
