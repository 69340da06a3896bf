using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PostHogPersons.Client.Errors;

namespace PostHogPersons.Client
{
    /// <summary>The pass that finds the items of a page (see <see cref="JsonPage"/>).</summary>
    internal sealed partial class JsonPage
    {
        /// <summary>
        /// Finds the items of the last <c>results</c> list by following strings and brackets
        /// only. False when the body is not shaped as a list page (or is cut short).
        /// </summary>
        private ref struct StructureScan
        {
            private readonly byte[] _text;
            private readonly int _end;
            private readonly List<int> _bounds;
            private int _at;

            public StructureScan(byte[] text, int end, List<int> bounds)
            {
                _text = text;
                _end = end;
                _bounds = bounds;
                _at = 0;
                ListStart = -1;
                ListEnd = -1;
            }

            public int ListStart { get; private set; }

            public int ListEnd { get; private set; }

            [MethodImpl(HotPath.Optimized)]
            public bool Run()
            {
                if (!SkipSpace() || _text[_at] != (byte)'{')
                {
                    return false;
                }

                _at++;
                if (!SkipSpace())
                {
                    return false;
                }

                if (_text[_at] == (byte)'}')
                {
                    _at++;
                    return AtEnd();
                }

                while (true)
                {
                    int key = _at;
                    if (_text[_at] != (byte)'"' || !SkipString())
                    {
                        return false;
                    }

                    // "results" written plainly; an escaped key is left to the envelope check.
                    bool results = _at - key == ResultsKey.Length
                        && new ReadOnlySpan<byte>(_text, key, ResultsKey.Length).SequenceEqual(ResultsKey);
                    if (!SkipSpace() || _text[_at] != (byte)':')
                    {
                        return false;
                    }

                    _at++;
                    if (!SkipSpace())
                    {
                        return false;
                    }

                    if (results && _text[_at] == (byte)'[')
                    {
                        if (!ScanList())
                        {
                            return false;
                        }
                    }
                    else if (!SkipValue())
                    {
                        return false;
                    }

                    if (!SkipSpace())
                    {
                        return false;
                    }

                    byte next = _text[_at++];
                    if (next == (byte)'}')
                    {
                        return AtEnd();
                    }

                    if (next != (byte)',' || !SkipSpace())
                    {
                        return false;
                    }
                }
            }

            private static ReadOnlySpan<byte> ResultsKey => "\"results\""u8;

            [MethodImpl(HotPath.Optimized)]
            private bool ScanList()
            {
                // Only the last results list counts, as in a JSON document.
                _bounds.Clear();
                ListStart = _at;
                _at++;
                if (!SkipSpace())
                {
                    return false;
                }

                if (_text[_at] != (byte)']')
                {
                    while (true)
                    {
                        int start = _at;
                        if (_text[_at] != (byte)'{' || !SkipContainer())
                        {
                            return false;
                        }

                        _bounds.Add(start);
                        _bounds.Add(_at);
                        if (!SkipSpace())
                        {
                            return false;
                        }

                        byte next = _text[_at];
                        if (next == (byte)']')
                        {
                            break;
                        }

                        _at++;
                        if (next != (byte)',' || !SkipSpace())
                        {
                            return false;
                        }
                    }
                }

                _at++;
                ListEnd = _at;
                return true;
            }

            private bool SkipValue()
            {
                byte first = _text[_at];
                if (first == (byte)'"')
                {
                    return SkipString();
                }

                if (first == (byte)'{' || first == (byte)'[')
                {
                    return SkipContainer();
                }

                // A number or a literal: up to the next separator.
                while (_at < _end)
                {
                    byte b = _text[_at];
                    if (b == (byte)',' || b == (byte)'}' || b == (byte)']' || IsSpace(b))
                    {
                        return true;
                    }

                    _at++;
                }

                return false;
            }

            /// <summary>Skips an object or array, counting brackets outside strings.</summary>
            [MethodImpl(HotPath.Optimized)]
            private bool SkipContainer()
            {
                byte[] text = _text;
                ReadOnlySpan<byte> kinds = Kinds;
                int end = _end;
                int at = _at + 1;
                int depth = 1;
                while (true)
                {
                    // Most bytes are none of " { } [ ]: pass them in a tight loop.
                    while (at < end && kinds[text[at]] == Plain)
                    {
                        at++;
                    }

                    if (at >= end)
                    {
                        return false;
                    }

                    byte kind = kinds[text[at++]];
                    if (kind == Quote)
                    {
                        // To the closing quote, with a vectorized search for " and \\.
                        while (true)
                        {
                            int found = at < end
                                ? new ReadOnlySpan<byte>(text, at, end - at).IndexOfAny((byte)'"', (byte)'\\')
                                : -1;
                            if (found < 0)
                            {
                                return false;
                            }

                            at += found;
                            if (text[at++] == (byte)'"')
                            {
                                break;
                            }

                            at++;
                        }
                    }
                    else if (kind == Open)
                    {
                        depth++;
                    }
                    else if (kind == Close && --depth == 0)
                    {
                        _at = at;
                        return true;
                    }
                }
            }

            private bool SkipString()
            {
                int at = _at + 1;
                while (at < _end)
                {
                    byte c = _text[at++];
                    if (c == (byte)'"')
                    {
                        _at = at;
                        return true;
                    }

                    if (c == (byte)'\\')
                    {
                        at++;
                    }
                }

                return false;
            }

            /// <summary>Moves past white space; false at the end of the body.</summary>
            [MethodImpl(HotPath.OptimizedInline)]
            private bool SkipSpace()
            {
                while (_at < _end && IsSpace(_text[_at]))
                {
                    _at++;
                }

                return _at < _end;
            }

            private bool AtEnd() => !SkipSpace();

            private const byte Plain = 0;
            private const byte Open = 1;
            private const byte Close = 2;
            private const byte Quote = 3;
            private const byte Backslash = 4;

            /// <summary>
            /// What each byte means to the scan: " and \\ matter inside strings, brackets
            /// outside (1 opens, 2 closes, 3 is a quote, 4 a backslash). Constant data, so the
            /// compiled code indexes it without bounds or class-initialization checks.
            /// </summary>
            private static ReadOnlySpan<byte> Kinds => new byte[256]
            {
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 4, 2, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            };

            [MethodImpl(HotPath.OptimizedInline)]
            private static bool IsSpace(byte b) =>
                b == (byte)' ' || b == (byte)'\n' || b == (byte)'\r' || b == (byte)'\t';
        }
    }
}
