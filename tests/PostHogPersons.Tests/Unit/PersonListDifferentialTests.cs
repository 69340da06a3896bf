using System.Globalization;
using System.Text;
using System.Text.Json;
using PostHogPersons.Client;
using PostHogPersons.Models;
using Xunit;
using Xunit.Abstractions;

namespace PostHogPersons.Tests.Unit;

/// <summary>
/// Whole list pages read by the hot path (JsonPage and PersonStreamReader) against the same
/// pages read by JsonDocument and PersonReader: the same persons, properties built, or the
/// same failure, for corpora of edge cases (numbers, white space, escapes, long and non-ASCII
/// strings, invalid text, depth, structure, timestamps) and for large random pages.
/// </summary>
public class PersonListDifferentialTests
{
    private readonly ITestOutputHelper _out;
    public PersonListDifferentialTests(ITestOutputHelper output) => _out = output;

    private const string U = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

    /// <summary>
    /// The page as JsonDocument and PersonReader read it: "reject" when it is not JSON, else
    /// next, count and each person (or "item-error" where reading it throws).
    /// </summary>
    private static string Reference(byte[] body)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return "reject";
        }

        using (doc)
        {
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("results", out JsonElement results)
                || results.ValueKind != JsonValueKind.Array)
            {
                return "no-results";
            }

            var sb = new StringBuilder();
            if (root.TryGetProperty("next", out JsonElement next) && next.ValueKind == JsonValueKind.String)
            {
                try
                {
                    sb.Append("next=" + Q(next.GetString()) + "\n");
                }
                catch (InvalidOperationException)
                {
                    return "reject";
                }
            }

            if (root.TryGetProperty("count", out JsonElement count) && count.ValueKind == JsonValueKind.Number
                && count.TryGetInt64(out long total))
            {
                sb.Append("count=" + total + "\n");
            }

            foreach (JsonElement item in results.EnumerateArray())
            {
                try
                {
                    sb.Append(Dump(PersonReader.Read(item, 3))).Append('\n');
                }
                catch (InvalidOperationException)
                {
                    sb.Append("item-error\n");
                }
            }

            return sb.ToString();
        }
    }

    /// <summary>The page as the list hot path reads it, in the form of <see cref="Reference"/>.</summary>
    private static async Task<string> Scanned(byte[] body)
    {
        JsonPage page;
        try
        {
            page = await JsonPage.ReadAsync(new MemoryStream(body), CancellationToken.None);
        }
        catch (JsonException)
        {
            return "reject";
        }

        using (page)
        {
            if (!page.HasResults)
            {
                return "no-results";
            }

            var sb = new StringBuilder();
            if (page.Next != null)
            {
                sb.Append("next=" + Q(page.Next) + "\n");
            }

            if (page.Count.HasValue)
            {
                sb.Append("count=" + page.Count + "\n");
            }

            var persons = new List<PHPerson>();
            for (int i = 0; i < page.ItemCount; i++)
            {
                persons.Clear();
                try
                {
                    page.ReadItems(new PersonStreamReader(3), i, 1, persons);
                }
                catch (JsonException error) when (error.Message == "A string of the item is not valid UTF-8 or UTF-16.")
                {
                    sb.Append("item-error\n");
                    continue;
                }
                catch (JsonException)
                {
                    // Items are checked when built: the page is not JSON after all.
                    return "reject";
                }

                sb.Append(Dump(persons[0])).Append('\n');
            }

            return sb.ToString();
        }
    }

    public static string Dump(PHPerson p)
    {
        var sb = new StringBuilder();
        sb.Append($"uuid={Q(p.Uuid)} id={p.Id} name={Q(p.Name)} ids=[{string.Join(",", p.DistinctIds.Select(Q))}] ");
        sb.Append($"c={p.CreatedAt?.ToString("o")} l={p.LastSeenAt?.ToString("o")} i={p.IsIdentified} pid={p.ProjectId} props=");
        DumpValue(sb, p.Properties);
        return sb.ToString();
    }

    private static string Q(string s) => s == null ? "null" : "\"" + string.Concat(s.Select(c => c < 0x20 || c > 0x7e ? $"\\u{(int)c:x4}" : c.ToString())) + "\"";

    private static void DumpValue(StringBuilder sb, object v)
    {
        switch (v)
        {
            case null: sb.Append("null"); break;
            case PHPropertyDictionary d:
                sb.Append('{');
                foreach (var k in d.Keys) { sb.Append(Q(k)).Append(':'); DumpValue(sb, d[k]); sb.Append(','); }
                sb.Append('}');
                break;
            case object[] a:
                sb.Append('[');
                foreach (var x in a) { DumpValue(sb, x); sb.Append(','); }
                sb.Append(']');
                break;
            case string s: sb.Append(Q(s)); break;
            case double dd: sb.Append("d:" + dd.ToString("R", CultureInfo.InvariantCulture)); break;
            case long l: sb.Append("l:" + l); break;
            case bool b: sb.Append("b:" + b); break;
            default: sb.Append("?" + v.GetType().Name + ":" + v); break;
        }
    }

    private int _accepted;
    private int _rejected;

    /// <summary>The pages read differently, each shown with both readings.</summary>
    private async Task<List<string>> Compare(IEnumerable<byte[]> bodies)
    {
        var bad = new List<string>();
        foreach (byte[] body in bodies)
        {
            string r = Reference(body), s = await Scanned(body);
            if (r == "reject" || r.Contains("item-error"))
            {
                _rejected++;
            }
            else
            {
                _accepted++;
            }

            if (r != s) bad.Add("BODY " + Show(body) + "\n  ref: " + r + "\n  scn: " + s);
        }
        foreach (var b in bad) _out.WriteLine(b);
        return bad;
    }

    private static string Show(byte[] text) =>
        string.Concat(text.Take(400).Select(b => b >= 0x20 && b < 0x7f ? ((char)b).ToString() : $"<{b:x2}>"));

    private static byte[] Page(string person) => Encoding.UTF8.GetBytes("{\"results\":[" + person + "]}");

    [Fact]
    public async Task Numbers_at_the_edges_are_judged_and_read_as_System_Text_Json_does()
    {
        string[] nums = { "-0", "0", "-0.0", "1E400", "-1E400", "1e-400", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
            "01", "-01", "00", "1.", ".5", "1e", "1e+", "1E+2", "1.0", "1.5e3", "10E-1", "0e0", "-", "+1", "1_0", "0x10", "Infinity", "NaN", "1.7976931348623157e308", "1.7976931348623159e308",
            "123456789012345678901234567890", "4.9e-324", "0.1", "-1", "1023", "1024" };
        var bodies = new List<byte[]>();
        foreach (var n in nums)
        {
            bodies.Add(Page("{\"uuid\":\"" + U + "\",\"id\":" + n + ",\"properties\":{\"n\":" + n + ",\"a\":[" + n + "," + n + "]}}"));
            bodies.Add(Page("{\"uuid\":\"" + U + "\",\"other\":" + n + "}"));
            bodies.Add(Page("{\"uuid\":\"" + U + "\",\"is_identified\":" + n + ",\"name\":" + n + "}"));
        }
        Assert.Empty(await Compare(bodies));
        Assert.True(_accepted > 0 && _rejected > 0, $"accepted {_accepted}, rejected {_rejected}");
    }

    [Fact]
    public async Task White_space_everywhere_and_a_BOM_are_judged_as_System_Text_Json_judges_them()
    {
        string ws = " \t\r\n ";
        string p = "{\"uuid\":\"" + U + "\",\"name\":\"n\",\"distinct_ids\":[\"a\",\"n\"],\"is_identified\":true,\"id\":5,\"created_at\":\"2025-01-02T03:04:05Z\",\"properties\":{\"a\":[1,{\"b\":null}],\"c\":false}}";
        // insert whitespace between every token
        var sb = new StringBuilder();
        bool inStr = false;
        for (int i = 0; i < p.Length; i++)
        {
            char c = p[i];
            if (c == '"' && (i == 0 || p[i - 1] != '\\')) inStr = !inStr;
            sb.Append(c);
            if (!inStr && (c == '{' || c == '[' || c == ',' || c == ':' || c == '"' || c == ']' || c == '}' || char.IsDigit(c) || c == 'e')) sb.Append(ws);
        }
        var bodies = new List<byte[]>
        {
            Encoding.UTF8.GetBytes(ws + "{" + ws + "\"results\"" + ws + ":" + ws + "[" + ws + sb + ws + "," + ws + p + ws + "]" + ws + "}" + ws),
            new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Page(p)).ToArray(),
            Page(p + "\u00a0"),
            Page(p.Replace(",", ",\u000b")),
            Page(p.Replace(",", ",\f")),
            Page(p.Replace(":", "\u0000:")),
        };
        Assert.Empty(await Compare(bodies));
        Assert.True(_accepted > 0 && _rejected > 0, $"accepted {_accepted}, rejected {_rejected}");
    }

    [Fact]
    public async Task Long_escaped_and_non_ASCII_strings_are_read_as_PersonReader_reads_them()
    {
        var bodies = new List<byte[]>();
        foreach (int len in new[] { 0, 1, 7, 8, 9, 31, 32, 33, 255, 256, 257, 1000, 70000 })
        {
            foreach (string unit in new[] { "a", "é", "李", "😀", "\\n", "\\u00e9", "\\ud83d\\ude00", "a\\\"", "\\/" })
            {
                var s = new StringBuilder();
                while (s.Length < len) s.Append(unit);
                string v = s.ToString();
                bodies.Add(Page("{\"uuid\":\"" + v + "\",\"name\":\"" + v + "\",\"distinct_ids\":[\"" + v + "\"],\"properties\":{\"" + v + "\":\"" + v + "\"},\"created_at\":\"" + v + "\"}"));
            }
        }
        foreach (string esc in new[] { "\\ud800", "\\udc00", "\\ud800\\u0041", "\\uDBFF\\uDFFF", "\\u0000", "\\uD834\\uDD1E", "\\ud800x", "\\U0041", "\\u00G1", "\\'", "\\a", "\\x41", "\\0" })
        {
            bodies.Add(Page("{\"uuid\":\"" + U + "\",\"other\":\"" + esc + "\"}"));
            bodies.Add(Page("{\"" + esc + "\":1,\"uuid\":\"" + U + "\"}"));
            bodies.Add(Page("{\"uuid\":\"" + U + "\",\"" + esc + "\":1}"));
            bodies.Add(Page("{\"uuid\":\"" + U + "\",\"properties\":{\"k\":\"" + esc + "\"}}"));
            bodies.Add(Page("{\"uuid\":\"" + U + "\",\"properties\":{\"" + esc + "\":1}}"));
            bodies.Add(Page("{\"uuid\":\"" + U + "\",\"name\":\"" + esc + "\"}"));
            bodies.Add(Page("{\"uuid\":\"" + U + "\",\"distinct_ids\":[\"" + esc + "\"]}"));
            bodies.Add(Page("{\"uuid\":\"" + U + "\",\"created_at\":\"" + esc + "\"}"));
        }
        Assert.Empty(await Compare(bodies));
        Assert.True(_accepted > 0 && _rejected > 0, $"accepted {_accepted}, rejected {_rejected}");
    }

    [Fact]
    public async Task Invalid_UTF8_anywhere_fails_exactly_where_PersonReader_fails()
    {
        var bad = new List<byte[]>
        {
            new byte[] { 0xff }, new byte[] { 0xc3 }, new byte[] { 0xc0, 0x80 }, new byte[] { 0xed, 0xa0, 0x80 }, new byte[] { 0xf4, 0x90, 0x80, 0x80 },
            new byte[] { 0xef, 0xbf, 0xbf }, new byte[] { 0xe2, 0x82 }, new byte[] { 0x80 },
        };
        var bodies = new List<byte[]>();
        foreach (var b in bad)
        {
            foreach (string tpl in new[]
            {
                "{\"uuid\":\"" + U + "\",\"other\":\"X\"}",
                "{\"X\":1,\"uuid\":\"" + U + "\"}",
                "{\"uuid\":\"" + U + "\",\"X\":1}",
                "{\"uuid\":\"X\"}",
                "{\"uuid\":\"" + U + "\",\"name\":\"X\"}",
                "{\"uuid\":\"" + U + "\",\"name\":\"aX\",\"distinct_ids\":[\"aX\"]}",
                "{\"uuid\":\"" + U + "\",\"distinct_ids\":[\"X\"]}",
                "{\"uuid\":\"" + U + "\",\"properties\":{\"k\":\"X\"}}",
                "{\"uuid\":\"" + U + "\",\"properties\":{\"X\":1}}",
                "{\"uuid\":\"" + U + "\",\"created_at\":\"X\"}",
                "{\"uuid\":\"" + U + "\",\"id\":\"X\"}",
                "{\"id\":\"X\"}",
                "{\"uuid\":\"" + U + "\",\"name\":\"\\nX\"}",
                "{\"\\u0075uid\":\"X\"}",
                "{\"uuid\":\"" + U + "\",\"\\u0070roperties\":{\"k\":\"X\"}}",
            })
            {
                byte[] t = Page(tpl);
                int at = Array.IndexOf(t, (byte)'X');
                bodies.Add(t.Take(at).Concat(b).Concat(t.Skip(at + 1)).ToArray());
            }
        }
        Assert.Empty(await Compare(bodies));
        Assert.True(_accepted > 0 && _rejected > 0, $"accepted {_accepted}, rejected {_rejected}");
    }

    [Fact]
    public async Task Nesting_anywhere_is_limited_as_in_a_JsonDocument()
    {
        var bodies = new List<byte[]>();
        foreach (int d in new[] { 59, 60, 61, 62, 63, 64 })
        {
            string arr = new string('[', d) + new string(']', d);
            string obj = string.Concat(Enumerable.Repeat("{\"a\":", d)) + "1" + new string('}', d);
            bodies.Add(Page("{\"uuid\":\"" + U + "\",\"x\":" + arr + "}"));
            bodies.Add(Page("{\"uuid\":\"" + U + "\",\"x\":" + obj + "}"));
            bodies.Add(Page("{\"uuid\":\"" + U + "\",\"distinct_ids\":[\"a\"," + arr + "]}"));
            bodies.Add(Page("{\"uuid\":\"" + U + "\",\"properties\":" + obj + "}"));
            bodies.Add(Page("{\"uuid\":\"" + U + "\",\"name\":" + obj + "}"));
            bodies.Add(Encoding.UTF8.GetBytes("{\"other\":" + arr + ",\"results\":[{\"uuid\":\"" + U + "\"}]}"));
            bodies.Add(Encoding.UTF8.GetBytes("{\"results\":[{\"uuid\":\"" + U + "\"}],\"other\":" + obj + "}"));
        }
        Assert.Empty(await Compare(bodies));
        Assert.True(_accepted > 0 && _rejected > 0, $"accepted {_accepted}, rejected {_rejected}");
    }

    [Fact]
    public async Task Odd_envelopes_and_malformed_items_are_judged_as_System_Text_Json_judges_them()
    {
        string p = "{\"uuid\":\"" + U + "\"}";
        var bodies = new List<string>
        {
            "{\"results\":[" + p + "," + p + "]}",
            "{\"results\":[" + p + ",]}",
            "{\"results\":[," + p + "]}",
            "{\"results\":[" + p + p + "]}",
            "{\"results\":[" + p + "],}",
            "{,\"results\":[" + p + "]}",
            "{\"results\":[" + p + "]]}",
            "{\"results\":[{\"uuid\":\"" + U + "\"]]}",
            "{\"results\":[{\"a\":[}]]}",
            "{\"results\":[{\"a\":[1}]]}",
            "{\"results\":[{\"a\":{]}]}",
            "{\"results\":[{\"a\":\"}\"}]}",
            "{\"results\":[{\"a\":\"\\\\\"}]}",
            "{\"results\":[{\"a\":\"\\\\\\\"}\"}]}",
            "{\"results\":[{\"a\":tru}]}",
            "{\"results\":[{\"a\":true1}]}",
            "{\"results\":[{\"a\":nul}]}",
            "{\"results\":[{\"a\":nulll}]}",
            "{\"results\":[{\"a\":[true,false,null]}]}",
            "{\"results\":[{\"a\":1 2}]}",
            "{\"results\":[{\"a\" 1}]}",
            "{\"results\":[{\"a\"::1}]}",
            "{\"results\":[{\"a\":1,,\"b\":2}]}",
            "{\"results\":[{1:1}]}",
            "{\"results\":[{'a':1}]}",
            "{\"results\":[{\"a\":1}/**/]}",
            "{\"results\":[{\"a\":1/**/}]}",
            "{\"results\":[{\"a\":[1,/*x*/2]}]}",
            "{\"results\":[{\"a\":1}]//x\n}",
            "{\"results\" :[{\"a\":1}]}",
            "{\"results\": [{\"a\":1}] }",
            "{\"res\\u0075lts\":[{\"uuid\":\"a\"}]}",
            "{\"results\":[{\"uuid\":\"a\"}],\"res\\u0075lts\":[{\"uuid\":\"b\"}]}",
            "{\"res\\u0075lts\":[{\"uuid\":\"b\"}],\"results\":[{\"uuid\":\"a\"}]}",
            "{\"results\":[{\"uuid\":\"a\"}],\"results\":[]}",
            "{\"results\":[],\"results\":[{\"uuid\":\"a\"}]}",
            "{\"results\":[{\"uuid\":\"a\"}],\"count\":1.5}",
            "{\"results\":[{\"uuid\":\"a\"}],\"count\":99999999999999999999}",
            "{\"results\":[{\"uuid\":\"a\"}],\"count\":-1}",
            "{\"results\":[{\"uuid\":\"a\"}],\"next\":\"\\ud800\"}",
            "{\"results\":[{\"uuid\":\"a\"}],\"next\":\"\\u0000\"}",
            "{\"results\":[{\"a\":\"\u0001\"}]}",
            "{\"results\":[{\"a\":\"\u007f\"}]}",
            "{\"results\":[{\"a\":-}]}",
            "{\"results\":[{\"a\":--1}]}",
            "{\"results\":[{\"a\":1.e5}]}",
            "{\"results\":[{\"a\":1e5.}]}",
            "{\"results\":[{\"a\":[1]x}]}",
            "{\"results\":[{\"a\":\"x\"y}]}",
            "{\"results\":[{\"a\":{}x}]}",
            "{\"results\":[{}x]}",
            "{\"results\":[{} ]}",
            "{\"results\":[ {}]}",
            "{\"results\":[{\"\":\"\"}]}",
            "{\"results\":[{\"uuid\":\"a\",\"uuid\":\"b\"}]}",
        };
        Assert.Empty(await Compare(bodies.Select(Encoding.UTF8.GetBytes)));
        Assert.True(_accepted > 0 && _rejected > 0, $"accepted {_accepted}, rejected {_rejected}");
    }

    [Fact]
    public async Task Timestamps_parse_as_PersonReader_parses_them()
    {
        string[] ts = { "2025-01-02T03:04:05Z", "2025-01-02T03:04:05.5Z", "2025-01-02T03:04:05.1234567Z", "2025-01-02T03:04:05.12345678Z", "2025-01-02T03:04:05z",
            "2025-01-02t03:04:05Z", "2025-1-02T03:04:05Z", "0000-01-02T03:04:05Z", "2025-00-02T03:04:05Z", "2025-01-00T03:04:05Z", "2025-01-02T03:04:60Z", "2025-01-02T23:59:59.9999999Z",
            "9999-12-31T23:59:59.9999999Z", "0001-01-01T00:00:00Z", "2025-01-02T03:04:05.000Z", "2025-01-02T03:04:05 Z", " 2025-01-02T03:04:05Z", "2025-01-02T03:04:05Z ", "2025-01-02T03:04:05", "2025-01-02",
            "2025-01-02T03:04:05-05:00", "2025-01-02T03:04:05.123+05:30", "2025-01-02T03:04:05.1a3Z", "2025-01-02T03:04:05,123Z", "2025-01-02T03:04:5Z", "2025-01-02T3:04:05.1Z", "1/2/2025", "" };
        var bodies = ts.Select(t => Page("{\"uuid\":\"" + U + "\",\"created_at\":\"" + t + "\",\"last_seen_at\":\"" + t + "\"}")).ToList();
        Assert.Empty(await Compare(bodies));
        Assert.Equal(0, _rejected);
    }

    [Fact]
    public async Task Three_thousand_random_persons_are_read_as_PersonReader_reads_them()
    {
        var r = new Random(7);
        var people = new List<string>();
        for (int i = 0; i < 3000; i++)
        {
            people.Add(RandomPerson(r));
        }
        byte[] body = Encoding.UTF8.GetBytes("{\"next\":null,\"results\":[" + string.Join(",", people) + "],\"count\":3000}");
        Assert.Empty(await Compare(new[] { body }));
        Assert.Equal(0, _rejected);
    }

    internal static string RandomPerson(Random r)
    {
        string RS()
        {
            int n = r.Next(0, r.Next(2) == 0 ? 10 : 400);
            var s = new StringBuilder();
            for (int i = 0; i < n; i++)
            {
                switch (r.Next(10))
                {
                    case 0: s.Append("é"); break;
                    case 1: s.Append("\\u00e9"); break;
                    case 2: s.Append("\\\""); break;
                    case 3: s.Append("😀"); break;
                    case 4: s.Append("\\n"); break;
                    default: s.Append((char)r.Next('a', 'z')); break;
                }
            }
            return "\"" + s + "\"";
        }
        string RV(int depth)
        {
            switch (r.Next(depth > 4 ? 5 : 8))
            {
                case 0: return RS();
                case 1: return r.Next(-100000, 100000).ToString();
                case 2: return (r.NextDouble() * 1e6).ToString("R", CultureInfo.InvariantCulture);
                case 3: return "true";
                case 4: return "null";
                case 5: case 6: return "{" + string.Join(",", Enumerable.Range(0, r.Next(4)).Select(_ => RS() + ":" + RV(depth + 1))) + "}";
                default: return "[" + string.Join(",", Enumerable.Range(0, r.Next(4)).Select(_ => RV(depth + 1))) + "]";
            }
        }
        var fields = new List<string>
        {
            "\"uuid\":" + RS(), "\"name\":" + RS(), "\"distinct_ids\":[" + RS() + "," + RS() + "]",
            "\"properties\":" + "{" + string.Join(",", Enumerable.Range(0, r.Next(20)).Select(_ => RS() + ":" + RV(0))) + "}",
            "\"created_at\":\"2025-01-02T03:04:05." + r.Next(1000000).ToString("D6") + "Z\"", "\"is_identified\":" + (r.Next(2) == 0 ? "true" : "false"),
            "\"id\":" + RV(3),
        };
        return "{" + string.Join(",", fields.OrderBy(_ => r.Next())) + "}";
    }

    [Fact]
    public async Task Properties_read_by_eight_threads_at_once_are_built_once_and_right()
    {
        var r = new Random(11);
        var people = Enumerable.Range(0, 2000).Select(_ => RandomPerson(r)).ToList();
        byte[] body = Encoding.UTF8.GetBytes("{\"results\":[" + string.Join(",", people) + "]}");
        using JsonDocument doc = JsonDocument.Parse(body);
        string[] expected = doc.RootElement.GetProperty("results").EnumerateArray().Select(e => Dump(PersonReader.Read(e, 3))).ToArray();
        for (int round = 0; round < 3; round++)
        {
            using JsonPage page = await JsonPage.ReadAsync(new MemoryStream(body), CancellationToken.None);
            var persons = new List<PHPerson>();
            page.ReadItems(new PersonStreamReader(3), 0, page.ItemCount, persons);
            var seen = new PHPropertyDictionary[8][];
            using var barrier = new Barrier(8);
            var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
            {
                var mine = new PHPropertyDictionary[persons.Count];
                barrier.SignalAndWait();
                var order = Enumerable.Range(0, persons.Count).ToArray();
                if (t % 2 == 1) Array.Reverse(order);
                foreach (int i in order) mine[i] = persons[i].Properties;
                seen[t] = mine;
            })).ToList();
            threads.ForEach(x => x.Start());
            threads.ForEach(x => x.Join());
            for (int i = 0; i < persons.Count; i++)
            {
                for (int t = 1; t < 8; t++) Assert.Same(seen[0][i], seen[t][i]);
                Assert.Equal(expected[i], Dump(persons[i]));
            }
        }
    }

    [Fact]
    public async Task Properties_set_before_the_first_read_replace_the_pending_ones()
    {
        byte[] body = Page("{\"uuid\":\"" + U + "\",\"properties\":{\"a\":1}}");
        using JsonPage page = await JsonPage.ReadAsync(new MemoryStream(body), CancellationToken.None);
        var persons = new List<PHPerson>();
        page.ReadItems(new PersonStreamReader(3), 0, 1, persons);
        var p = persons[0];
        p.Properties = null;
        Assert.Null(p.Properties);
        Assert.Null(p.Properties);
        var d = new PHPropertyDictionary { ["x"] = 2L };
        p.Properties = d;
        Assert.Same(d, p.Properties);
    }

    [Fact]
    public async Task A_large_page_and_very_long_strings_are_read_as_PersonReader_reads_them()
    {
        var r = new Random(5);
        var people = Enumerable.Range(0, 5000).Select(_ => RandomPerson(r)).ToList();
        byte[] body = Encoding.UTF8.GetBytes("{\"results\":[" + string.Join(",\n", people) + "],\"next\":\"/x\"}");
        Assert.Empty(await Compare(new[] { body }));
        var huge = "{\"uuid\":\"" + U + "\",\"name\":\"" + new string('é', 600000) + "\",\"properties\":{\"k\":\"" + string.Concat(Enumerable.Repeat("ab\\u00e9c😀", 200000)) + "\"}}";
        Assert.Empty(await Compare(new[] { Page(huge) }));
    }
}
