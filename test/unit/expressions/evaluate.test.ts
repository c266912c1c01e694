// The expression engine against .NET's documented behaviour. Expected values come from the
// C# language reference and the .NET API documentation (invariant culture), not from our output.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildContext } from '../../../src/expressions/contextBuilder';
import { checkExpression } from '../../../src/expressions/checker';
import { evaluateExpression } from '../../../src/expressions/evaluate';
import { parsePolicyExpression } from '../../../src/expressions/expressionParser';
import { toDisplayString } from '../../../src/expressions/runtime/operators';

const NOW = new Date('2026-11-26T19:05:03Z');

function context() {
  return buildContext(
    {
      request: {
        method: 'POST',
        url: 'https://contoso.azure-api.net/orders/orders/42?status=open&tag=a&tag=b',
        headers: {
          Authorization: 'Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTEiLCJhdWQiOiJhcGk6Ly9vcmRlcnMiLCJleHAiOjE3OTUwMDAwMDAsInJvbGVzIjpbIk9yZGVycy5SZWFkIiwiT3JkZXJzLldyaXRlIl19.c2ln',
          'Content-Type': 'application/json',
          'X-Forwarded-For': ['10.0.0.1', '10.0.0.2'],
        },
        body: { id: 42, total: 12.5, when: '2026-01-02T03:04:05Z', lines: [{ sku: 'A' }, { sku: 'B' }] },
        matchedParameters: { orderId: '42' },
      },
      response: { statusCode: 503, headers: { 'Cache-Control': 'public, max-age=300' } },
      variables: { correlationId: 'abc-123', count: 5, big: 5000000000, ratio: 0.5, flag: true },
      api: { id: 'orders-api', name: 'Orders API', path: 'orders', revision: '2', isCurrentRevision: false },
      operation: { id: 'get-order', method: 'GET', urlTemplate: '/orders/{orderId}' },
    },
    NOW,
  );
}

async function run(source: string): Promise<{ text: string; type: string } | { error: string; message: string }> {
  const r = await evaluateExpression(source, { globals: { context: context() }, now: () => NOW, random: () => 0.5, regexTimeoutMs: 500, maxSteps: 100_000 });
  if (r.ok) return { text: toDisplayString(r.value), type: r.type };
  const e = r.error;
  return { error: e.kind === 'exception' ? e.type : e.kind === 'limit' ? `limit:${e.limit}` : e.kind === 'compile' ? `compile:${e.code}` : e.kind, message: e.message };
}

/** [source, ToString() of the result, .NET type of the result] */
type Row = [string, string, string];

function table(name: string, rows: Row[], options: { apimRejects?: boolean } = {}): void {
  describe(name, () => {
    for (const [source, text, type] of rows) {
      test(source.replace(/\s+/g, ' '), async () => {
        const r = await run(source);
        assert.ok('text' in r, `${source} failed: ${'error' in r ? `${r.error}: ${r.message}` : ''}`);
        assert.equal(r.text, text);
        assert.equal(r.type, type);
        // No false errors: the checker accepts every expression that runs, unless APIM rejects it.
        const parsed = parsePolicyExpression(source);
        assert.ok(parsed?.body);
        const codes = checkExpression(parsed.body, { globals: { context: 'IContext' } }).diagnostics.map((d) => `${d.code}: ${d.message}`);
        if (options.apimRejects) assert.match(codes.join('\n'), /^memberNotAllowed/);
        else assert.deepEqual(codes, []);
      });
    }
  });
}

/** [source, .NET exception type or limit] */
function errors(name: string, rows: [string, string][]): void {
  describe(name, () => {
    for (const [source, expected] of rows) {
      test(`${source.replace(/\s+/g, ' ')} → ${expected}`, async () => {
        const r = await run(source);
        assert.ok('error' in r, `${source} should fail but gave ${'text' in r ? r.text : ''}`);
        assert.equal(r.error, expected, r.message);
      });
    }
  });
}

const I = 'System.Int32';
const L = 'System.Int64';
const D = 'System.Double';
const M = 'System.Decimal';
const S = 'System.String';
const B = 'System.Boolean';
const C = 'System.Char';

table('integer arithmetic (C# reference: arithmetic operators)', [
  ['@(7 / 2)', '3', I],
  ['@(-7 / 2)', '-3', I],
  ['@(-7 % 3)', '-1', I],
  ['@(7 % -3)', '1', I],
  ['@(int.MaxValue + 1)', '-2147483648', I],
  ['@(unchecked(int.MinValue - 1))', '2147483647', I],
  ['@(46341 * 46341)', '-2147479015', I],
  ['@(5L / 2)', '2', L],
  ['@(2147483647 + 1L)', '2147483648', L],
  ['@(long.MaxValue + 1)', '-9223372036854775808', L],
  ['@(1 << 31)', '-2147483648', I],
  ['@(1 << 33)', '2', I],
  ['@(-8 >> 1)', '-4', I],
  ['@(-8 >>> 1)', '2147483644', I],
  ['@(5 & 3)', '1', I],
  ['@(5 | 3)', '7', I],
  ['@(5 ^ 3)', '6', I],
  ['@(~5)', '-6', I],
  ['@(-(-2147483647 - 1))', '-2147483648', I],
  ['@{ var i = 5; i++; ++i; i--; return i; }', '6', I],
  ['@{ var i = 5; var j = i++ + ++i; return j; }', '12', I],
  ['@{ byte b = 250; b += 10; return b; }', '4', 'System.Byte'],
  ['@{ int x = 10; x /= 3; x *= 4; x %= 5; x -= 1; return x; }', '1', I],
]);

table('floating point and decimal', [
  ['@(7.0 / 2)', '3.5', D],
  ['@(1.0 / 3)', '0.3333333333333333', D],
  ['@(0.1 + 0.2)', '0.30000000000000004', D],
  ['@(1.0 / 0)', '∞', D],
  ['@(-1.0 / 0)', '-∞', D],
  ['@(0.0 / 0)', 'NaN', D],
  ['@(1e15)', '1E+15', D],
  ['@(123456789012345.0)', '123456789012345', D],
  ['@(0.0001)', '0.0001', D],
  ['@(0.00001)', '1E-05', D],
  ['@(100.0)', '100', D],
  ['@(5 % 2.5)', '0', D],
  ['@(1.1f * 3)', '3.3000002', 'System.Single'],
  ['@(10m / 4m)', '2.5', M],
  ['@(10m / 3m)', '3.3333333333333333333333333333', M],
  ['@(0.1m + 0.2m)', '0.3', M],
  ['@(1.50m + 1m)', '2.50', M],
  ['@(2.5m * 2)', '5.0', M],
  ['@(-1.25m)', '-1.25', M],
  ['@((int)3.99)', '3', I],
  ['@((int)-3.99)', '-3', I],
  ['@((long)2.5e10)', '25000000000', L],
  ['@((byte)300)', '44', 'System.Byte'],
  ['@((double)1 / 4)', '0.25', D],
  ['@((decimal)0.1)', '0.1', M],
  ['@(1 == 1.0)', 'True', B],
  ['@(0.1 + 0.2 == 0.3)', 'False', B],
  ['@(double.NaN == double.NaN)', 'False', B],
  ['@(double.IsNaN(0.0 / 0))', 'True', B],
]);

table('strings, chars and concatenation', [
  ['@("a" + 1 + 2)', 'a12', S],
  ['@(1 + 2 + "a")', '3a', S],
  ['@("x" + null)', 'x', S],
  ['@("v" + 1.5)', 'v1.5', S],
  ['@("b" + true)', 'bTrue', S],
  ["@('a' + 1)", '98', I],
  ["@('a' + \"b\")", 'ab', S],
  ["@((char)65)", 'A', C],
  ["@((int)'A')", '65', I],
  ['@("Hello".Substring(1, 3))', 'ell', S],
  ['@("Hello"[1])', 'e', C],
  ['@("Hello".Length)', '5', I],
  ['@("a,b,,c".Split(\',\').Length)', '4', I],
  ['@("a,b,,c".Split(new[] { \',\' }, StringSplitOptions.RemoveEmptyEntries).Length)', '3', I],
  ['@("a b  c".Split().Length)', '4', I],
  ['@("k=v=w".Split(new[] { \'=\' }, 2)[1])', 'v=w', S],
  ['@("  x  ".Trim() + "|")', 'x|', S],
  ['@("--x--".TrimStart(\'-\'))', 'x--', S],
  ['@("abc".IndexOf("c"))', '2', I],
  ['@("abc".IndexOf("z"))', '-1', I],
  ['@("a.b.c".LastIndexOf(\'.\'))', '3', I],
  ['@("ABC".ToLower())', 'abc', S],
  ['@("abc".ToUpperInvariant())', 'ABC', S],
  ['@("abc".Contains("B"))', 'False', B],
  ['@("abc".Contains("B", StringComparison.OrdinalIgnoreCase))', 'True', B],
  ['@("Bearer x".StartsWith("bearer", StringComparison.OrdinalIgnoreCase))', 'True', B],
  ['@("file.json".EndsWith(".json"))', 'True', B],
  ['@("a-b-c".Replace("-", ""))', 'abc', S],
  ['@("7".PadLeft(3, \'0\'))', '007', S],
  ['@(string.Join("-", new[] { "a", "b" }))', 'a-b', S],
  ['@(string.Join(",", new List<int> { 1, 2 }))', '1,2', S],
  ['@(string.Concat("a", 1, \'c\'))', 'a1c', S],
  ['@(string.IsNullOrEmpty(""))', 'True', B],
  ['@(string.IsNullOrWhiteSpace(" \\t"))', 'True', B],
  ['@(string.Equals("a", "A", StringComparison.OrdinalIgnoreCase))', 'True', B],
  ['@("a" == "A")', 'False', B],
  ['@(string.Compare("a", "B"))', '-1', I],
  ['@(string.CompareOrdinal("a", "B") > 0)', 'True', B],
  ['@(string.Format("{0:D3}-{1,4}|{2,-3}|", 7, "x", "y"))', '007-   x|y  |', S],
  ['@(string.Format("{{literal}} {0}", 1))', '{literal} 1', S],
  ['@($"{1234.5:N1}")', '1,234.5', S],
  ['@($"{0.125:P1}")', '12.5 %', S],
  ['@($"{255:X4}")', '00FF', S],
  ['@($"{42,5}|{42,-5}|")', '   42|42   |', S],
  ['@($"{3.14159:F2}")', '3.14', S],
  ['@(1234567.891.ToString("#,##0.00"))', '1,234,567.89', S],
  ['@(5.ToString("000"))', '005', S],
  ['@((-5).ToString("0;(0)"))', '(5)', S],
  ['@(@"c:\\temp\\""x""")', 'c:\\temp\\"x"', S],
  ['@("tab\\there")', 'tab\there', S],
  ['@("""raw "quoted" text""")', 'raw "quoted" text', S],
  ['@(char.IsDigit(\'7\'))', 'True', B],
  ['@(char.ToUpper(\'q\'))', 'Q', C],
  ['@(nameof(context.Request))', 'Request', S],
]);

table('parsing and conversion (invariant culture)', [
  ['@(int.Parse(" 42 "))', '42', I],
  ['@(int.Parse("-7"))', '-7', I],
  ['@(long.Parse("5000000000"))', '5000000000', L],
  ['@(double.Parse("1,234.5"))', '1234.5', D],
  ['@(double.Parse("1e3"))', '1000', D],
  ['@(decimal.Parse("12.50"))', '12.50', M],
  ['@(bool.Parse("TRUE"))', 'True', B],
  ['@{ int n; var ok = int.TryParse("x", out n); return ok + ":" + n; }', 'False:0', S],
  ['@{ return int.TryParse("17", out var n) ? n * 2 : -1; }', '34', I],
  ['@(Convert.ToInt32("42"))', '42', I],
  ['@(Convert.ToInt32(2.5))', '2', I],
  ['@(Convert.ToInt32(3.5))', '4', I],
  ['@(Convert.ToInt32(null))', '0', I],
  ['@(Convert.ToDouble("0.5"))', '0.5', D],
  ['@(Convert.ToBoolean("False"))', 'False', B],
  ['@(Convert.ToString(12.5))', '12.5', S],
  ['@(Convert.ToBase64String(Encoding.UTF8.GetBytes("hello")))', 'aGVsbG8=', S],
  ['@(Encoding.UTF8.GetString(Convert.FromBase64String("aGVsbG8=")))', 'hello', S],
  ['@(Encoding.UTF8.GetBytes("é").Length)', '2', I],
  ['@(Convert.ToInt32("ff", 16))', '255', I],
  ['@(Guid.Parse("6F9619FF-8B86-D011-B42D-00CF4FC964FF").ToString())', '6f9619ff-8b86-d011-b42d-00cf4fc964ff', S],
  ['@(Guid.Parse("6f9619ff8b86d011b42d00cf4fc964ff").ToString("B"))', '{6f9619ff-8b86-d011-b42d-00cf4fc964ff}', S],
  ['@(Guid.Empty.ToString("N"))', '00000000000000000000000000000000', S],
  ['@(Guid.NewGuid().ToString().Length)', '36', I],
]);

table('Math (banker’s rounding by default)', [
  ['@(Math.Round(2.5))', '2', D],
  ['@(Math.Round(3.5))', '4', D],
  ['@(Math.Round(-2.5))', '-2', D],
  ['@(Math.Round(2.5, MidpointRounding.AwayFromZero))', '3', D],
  ['@(Math.Round(2.345m, 2))', '2.34', M],
  ['@(Math.Round(2.345m, 2, MidpointRounding.AwayFromZero))', '2.35', M],
  ['@(Math.Round(1.23456, 3))', '1.235', D],
  ['@(Math.Max(3, 7))', '7', I],
  ['@(Math.Max(3, 7.5))', '7.5', D],
  ['@(Math.Min(2L, 9L))', '2', L],
  ['@(Math.Abs(-5))', '5', I],
  ['@(Math.Floor(-2.5))', '-3', D],
  ['@(Math.Ceiling(2.1))', '3', D],
  ['@(Math.Pow(2, 10))', '1024', D],
  ['@(Math.Sqrt(16))', '4', D],
  ['@(Math.Sign(-3))', '-1', I],
  ['@(Math.Clamp(15, 0, 10))', '10', I],
]);

table('DateTime, DateTimeOffset and TimeSpan', [
  ['@(DateTime.UtcNow.ToString("o"))', '2026-11-26T19:05:03.0000000Z', S],
  ['@(new DateTime(2026, 11, 26, 19, 5, 3).ToString("o"))', '2026-11-26T19:05:03.0000000', S],
  ['@(DateTime.UtcNow.ToString("yyyy-MM-dd"))', '2026-11-26', S],
  ['@(DateTime.UtcNow.ToString("s"))', '2026-11-26T19:05:03', S],
  ['@(DateTime.UtcNow.ToString("u"))', '2026-11-26 19:05:03Z', S],
  ['@(DateTime.UtcNow.ToString("r"))', 'Thu, 26 Nov 2026 19:05:03 GMT', S],
  ['@(DateTime.UtcNow.ToString())', '11/26/2026 19:05:03', S],
  ['@(DateTime.UtcNow.ToString("dddd, MMMM d, h:mm tt"))', 'Thursday, November 26, 7:05 PM', S],
  ['@(DateTime.UtcNow.ToString("yyyyMMddHHmmssfff"))', '20261126190503000', S],
  ['@(DateTime.UtcNow.AddHours(-1).Hour)', '18', I],
  ['@(DateTime.UtcNow.DayOfWeek)', 'Thursday', 'System.DayOfWeek'],
  ['@(new DateTime(2024, 2, 29).AddYears(1).ToString("yyyy-MM-dd"))', '2025-02-28', S],
  ['@(new DateTime(2024, 1, 31).AddMonths(1).Day)', '29', I],
  ['@(new DateTime(2026, 1, 1).AddDays(1.5).ToString("yyyy-MM-dd HH:mm"))', '2026-01-02 12:00', S],
  ['@((new DateTime(2026, 1, 2) - new DateTime(2026, 1, 1)).TotalHours)', '24', D],
  ['@(DateTime.Parse("2026-11-26").ToString("o"))', '2026-11-26T00:00:00.0000000', S],
  ['@(DateTime.DaysInMonth(2024, 2))', '29', I],
  ['@(DateTime.UtcNow > new DateTime(2020, 1, 1))', 'True', B],
  ['@(TimeSpan.FromMinutes(90).ToString())', '01:30:00', S],
  ['@(TimeSpan.FromDays(1.5).ToString())', '1.12:00:00', S],
  ['@(TimeSpan.FromMilliseconds(1500).TotalSeconds)', '1.5', D],
  ['@(TimeSpan.Parse("01:02:03").TotalSeconds)', '3723', D],
  ['@(new TimeSpan(1, 2, 3).Minutes)', '2', I],
  ['@(DateTimeOffset.UtcNow.ToUnixTimeSeconds())', '1795719903', L],
  ['@(DateTimeOffset.FromUnixTimeSeconds(0).ToString("o"))', '1970-01-01T00:00:00.0000000+00:00', S],
  ['@(DateTimeOffset.Parse("2026-01-01T10:00:00+02:00").UtcDateTime.Hour)', '8', I],
]);

table(
  'DateTime members the simulator runs but APIM’s allow-list rejects at save time',
  [
    ['@(DateTime.UtcNow.Kind)', 'Utc', 'System.DateTimeKind'],
    ['@(DateTime.Parse("2026-11-26T10:00:00Z").Kind)', 'Local', 'System.DateTimeKind'],
    ['@(DateTime.ParseExact("26/11/2026", "dd/MM/yyyy", null).Month)', '11', I],
  ],
  { apimRejects: true },
);

table('collections and LINQ', [
  ['@(new[] { 3, 1, 2 }.OrderBy(x => x).First())', '1', I],
  ['@(new[] { 3, 1, 2 }.Max())', '3', I],
  ['@(new[] { 1, 2, 3 }.Sum())', '6', I],
  ['@(new int[0].Sum())', '0', I],
  ['@(new int[0].FirstOrDefault())', '0', I],
  ['@(new string[0].FirstOrDefault() == null)', 'True', B],
  ['@(new[] { 1, 2, 3 }.Average())', '2', D],
  ['@(new[] { 1.5, 2.5 }.Sum())', '4', D],
  ['@(new[] { 1, 2, 3 }.Skip(1).Take(1).Single())', '2', I],
  ['@(new[] { "a", "bb", "cc" }.GroupBy(s => s.Length).Count())', '2', I],
  ['@(new[] { "a", "bb", "cc" }.GroupBy(s => s.Length).Last().Key)', '2', I],
  ['@(new[] { 1, 2, 2, 3 }.Distinct().Count())', '3', I],
  ['@(Enumerable.Range(1, 5).Aggregate((a, b) => a * b))', '120', I],
  ['@(new[] { 1, 2, 3 }.Select((x, i) => x * i).Sum())', '8', I],
  ['@(new[] { 1, 2 }.Concat(new[] { 3 }).Count())', '3', I],
  ['@(new[] { 1, 2, 3 }.Any(x => x > 2))', 'True', B],
  ['@(new[] { 1, 2, 3 }.All(x => x > 1))', 'False', B],
  ['@(new[] { 1, 2, 3 }.Contains(2))', 'True', B],
  ['@(new[] { 1, 2, 3 }.Where(x => x != 2).ToArray().Length)', '2', I],
  ['@(string.Join(",", new[] { "b", "C", "a" }.OrderBy(s => s)))', 'a,b,C', S],
  ['@(string.Join(",", new[] { "b", "C", "a" }.OrderBy(s => s, StringComparer.Ordinal)))', 'C,a,b', S],
  ['@(string.Join(",", new[] { "bb", "a", "cc" }.OrderByDescending(s => s.Length).ThenBy(s => s)))', 'bb,cc,a', S],
  ['@(string.Join(",", new[] { 1, 2, 3, 4 }.Reverse()))', '4,3,2,1', S],
  ['@(new[] { 5, 6 }.ElementAt(1))', '6', I],
  ['@(new[] { "x" }.SelectMany(s => new[] { s, s }).Count())', '2', I],
  ['@(new[] { "a", "b" }.ToDictionary(s => s, s => s.ToUpper())["b"])', 'B', S],
  ['@(new[] { 1, 2 }.Zip(new[] { 10, 20 }, (a, b) => a + b).Last())', '22', I],
  ['@(new[] { 1, 2, 3 }.Cast<object>().Count())', '3', I],
  ['@(new object[] { 1, "a", 2 }.OfType<int>().Sum())', '3', I],
  ['@{ var l = new List<string> { "b", "a" }; l.Add("c"); l.Sort(); l.Remove("b"); return string.Join(",", l) + l.Count; }', 'a,c2', S],
  ['@{ var d = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase) { ["A"] = 1 }; d["b"] = 2; return d["a"] + d.Count; }', '3', I],
  ['@{ var d = new Dictionary<string, int>(); return d.TryGetValue("x", out var v) ? v : -1; }', '-1', I],
  ['@{ var d = new Dictionary<string, string> { { "k", "v" } }; return d.ContainsKey("K"); }', 'False', B],
  ['@{ var s = new HashSet<string>(); s.Add("a"); return s.Add("a"); }', 'False', B],
  ['@{ var sum = 0; foreach (var kv in new Dictionary<string, int> { ["a"] = 1, ["b"] = 2 }) { sum += kv.Value; } return sum; }', '3', I],
  ['@(new List<int> { 1, 2, 3 }.Count)', '3', I],
  ['@(new List<int> { 1, 2, 3 }.Count(x => x > 1))', '2', I],
]);

table('statements', [
  ['@{ var s = 0; for (var i = 0; i < 10; i++) { if (i == 3) continue; if (i == 6) break; s += i; } return s; }', '12', I],
  ['@{ var n = 0; while (n < 5) { n += 2; } return n; }', '6', I],
  ['@{ var n = 10; do { n++; } while (n < 5); return n; }', '11', I],
  ['@{ string r; switch (3) { case 1: r = "one"; break; case 2: case 3: r = "few"; break; default: r = "many"; break; } return r; }', 'few', S],
  ['@{ object o = "text"; switch (o) { case int i: return "int"; case string s when s.Length > 3: return "long string"; default: return "other"; } }', 'long string', S],
  ['@(7 switch { < 0 => "negative", 0 => "zero", > 5 and < 10 => "between", _ => "other" })', 'between', S],
  ['@{ try { throw new FormatException("bad"); } catch (ArgumentException) { return "arg"; } catch (FormatException e) { return "format: " + e.Message; } }', 'format: bad', S],
  ['@{ var log = ""; try { log += "t"; } finally { log += "f"; } return log; }', 'tf', S],
  ['@{ try { return int.Parse("x"); } catch (Exception e) when (e is FormatException) { return -1; } }', '-1', I],
  ['@{ try { var x = new[] { 1 }[3]; return "no"; } catch (IndexOutOfRangeException) { return "caught"; } }', 'caught', S],
  ['@{ object o = 5; if (o is int i && i > 3) { return i * 2; } return 0; }', '10', I],
  ['@{ object o = null; return o is string ? "s" : o == null ? "null" : "other"; }', 'null', S],
  ['@{ object o = "s"; var s = o as string; var n = o as JObject; return s + (n == null); }', 'sTrue', S],
  ['@{ string s = null; s ??= "fallback"; return s; }', 'fallback', S],
  ['@{ Func<int, int> sq = x => x * x; return sq(7); }', '49', I],
  ['@{ Func<int, int, int> add = (a, b) => { var s = a + b; return s; }; return add(2, 3); }', '5', I],
  ['@{ var total = 0; var add = new Action<int>(x => total += x); return total; }', '0', I],
  ['@{ using (var h = SHA256.Create()) { return h.ComputeHash(new byte[0]).Length; } }', '32', I],
  ['@(new { Name = "n", Count = 2 }.Count)', '2', I],
  ['@(default(int))', '0', I],
  ['@(typeof(string).FullName)', 'System.String', S],
  ['@(5.GetType().Name)', 'Int32', S],
]);

table('JSON (Newtonsoft)', [
  ['@((int)JObject.Parse("{\\"a\\":1}")["a"])', '1', I],
  ['@(JObject.Parse("{\\"a\\":1.0}")["a"].Type)', 'Float', 'Newtonsoft.Json.Linq.JTokenType'],
  ['@(JObject.Parse("{\\"a\\":1}")["a"].Type)', 'Integer', 'Newtonsoft.Json.Linq.JTokenType'],
  ['@(new JObject(new JProperty("a", 1)).ToString(Newtonsoft.Json.Formatting.None))', '{"a":1}', S],
  ['@(new JObject(new JProperty("a", 1), new JProperty("b", new JArray(1, "x"))).ToString())', '{\n  "a": 1,\n  "b": [\n    1,\n    "x"\n  ]\n}', S],
  ['@(JArray.Parse("[1,2]").Count)', '2', I],
  ['@(JObject.Parse("{}")["missing"] == null)', 'True', B],
  ['@(JObject.Parse("{\'lenient\': true, /* comment */ }")["lenient"].Value<bool>())', 'True', B],
  ['@(JObject.Parse("{\\"a\\":{\\"b\\":[1,{\\"c\\":\\"deep\\"}]}}").SelectToken("a.b[1].c").ToString())', 'deep', S],
  ['@(JObject.Parse("{\\"a\\":{\\"b\\":2}}")["a"].Value<int>("b"))', '2', I],
  ['@(JObject.Parse("{\\"d\\":\\"2026-01-02T03:04:05Z\\"}")["d"].Type)', 'Date', 'Newtonsoft.Json.Linq.JTokenType'],
  ['@((string)JObject.Parse("{\\"d\\":\\"2026-01-02T03:04:05Z\\"}")["d"])', '01/02/2026 03:04:05', S],
  ['@(JObject.Parse("{\\"d\\":\\"2026-01-02T03:04:05Z\\"}").ToString(Newtonsoft.Json.Formatting.None))', '{"d":"2026-01-02T03:04:05Z"}', S],
  ['@{ var o = JObject.Parse("{\\"a\\":1}"); o["b"] = "x"; o.Remove("a"); return o.ToString(Newtonsoft.Json.Formatting.None); }', '{"b":"x"}', S],
  ['@(JObject.Parse("{\\"a\\":1,\\"b\\":2}").Properties().Select(p => p.Name).Last())', 'b', S],
  ['@(JsonConvert.SerializeObject(new { id = 7, name = "x" }))', '{"id":7,"name":"x"}', S],
  ['@(JsonConvert.DeserializeObject<JObject>("{\\"k\\":\\"v\\"}")["k"].ToString())', 'v', S],
]);

table('XML (System.Xml.Linq)', [
  ['@(XElement.Parse("<a x=\\"1\\"><b>hi</b><b>yo</b></a>").Elements("b").Count())', '2', I],
  ['@(XElement.Parse("<a x=\\"1\\"><b>hi</b></a>").Attribute("x").Value)', '1', S],
  ['@(XElement.Parse("<a><b>hi</b></a>").Attribute("missing") == null)', 'True', B],
  ['@((string)XElement.Parse("<a><b>v</b></a>").Element("b"))', 'v', S],
  ['@(XElement.Parse("<a><b><c>deep</c></b></a>").Descendants("c").First().Value)', 'deep', S],
  ['@(new XElement("root", new XAttribute("id", 5), new XElement("child", "text & more")).ToString())', '<root id="5">\n  <child>text &amp; more</child>\n</root>', S],
  ['@(XDocument.Parse("<?xml version=\\"1.0\\"?><a><b/></a>").ToString())', '<a>\n  <b />\n</a>', S],
  ['@{ XNamespace ns = "urn:x"; var d = XDocument.Parse("<r xmlns=\\"urn:x\\"><i>1</i><i>2</i></r>"); return d.Root.Elements(ns + "i").Sum(e => (int)e) + "|" + d.Root.Elements("i").Count(); }', '3|0', S],
  ['@(new XElement(XNamespace.Get("urn:y") + "z", "t").ToString())', '<z xmlns="urn:y">t</z>', S],
  ['@{ var e = XElement.Parse("<a/>"); e.SetAttributeValue("k", "v"); e.SetElementValue("c", 1); return e.ToString(); }', '<a k="v">\n  <c>1</c>\n</a>', S],
  ['@(XElement.Parse("<a><b>1</b><b>2</b></a>").Elements().Select(e => e.Name.LocalName + e.Value).Last())', 'b2', S],
]);

table('regular expressions, text and encoding', [
  ['@(Regex.Replace("a1b22", @"\\d+", "#"))', 'a#b#', S],
  ['@(Regex.Match("key=value", @"(?<k>\\w+)=(?<v>\\w+)").Groups["v"].Value)', 'value', S],
  ['@(Regex.Match("key=value", @"(\\w+)=(\\w+)").Groups[1].Value)', 'key', S],
  ['@(Regex.Match("x", @"\\d").Success)', 'False', B],
  ['@(Regex.IsMatch("ABC", "^abc$", RegexOptions.IgnoreCase))', 'True', B],
  ['@(Regex.Matches("a1b2c3", @"\\d").Count)', '3', I],
  ['@(Regex.Replace("2026-11-26", @"(\\d+)-(\\d+)-(\\d+)", "$3.$2.$1"))', '26.11.2026', S],
  ['@(Regex.Replace("John Smith", @"(?<first>\\w+) (?<last>\\w+)", "${last}, ${first}"))', 'Smith, John', S],
  ['@(new StringBuilder().Append("a").Append(1).Append(\'c\').ToString())', 'a1c', S],
  ['@(new StringBuilder("x").AppendFormat("{0}-{1}", 1, 2).Insert(0, "[").ToString())', '[x1-2', S],
  ['@(Uri.EscapeDataString("a b&c=d/é"))', 'a%20b%26c%3Dd%2F%C3%A9', S],
  ['@(Uri.UnescapeDataString("a%20b"))', 'a b', S],
  ['@(WebUtility.UrlEncode("a b&c"))', 'a+b%26c', S],
  ['@(WebUtility.HtmlEncode("<a href=\\"x\\">"))', '&lt;a href=&quot;x&quot;&gt;', S],
  ['@(new Uri("https://contoso.com:8443/a/b?c=d").Host)', 'contoso.com', S],
  ['@(new Uri("https://contoso.com/a/b?c=d").PathAndQuery)', '/a/b?c=d', S],
  ['@(BitConverter.ToString(SHA256.Create().ComputeHash(Encoding.UTF8.GetBytes("hello"))).Replace("-", "").ToLowerInvariant())', '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824', S],
  ['@(BitConverter.ToString(MD5.Create().ComputeHash(Encoding.UTF8.GetBytes("hello"))))', '5D-41-40-2A-BC-4B-2A-76-B9-71-9D-91-10-17-C5-92', S],
  ['@(Convert.ToHexString(new HMACSHA256(Encoding.UTF8.GetBytes("key")).ComputeHash(Encoding.UTF8.GetBytes("The quick brown fox jumps over the lazy dog"))).ToLowerInvariant())', 'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8', S],
]);

table('the APIM context model and helpers', [
  ['@(context.Request.Method)', 'POST', S],
  ['@(context.Request.Headers.GetValueOrDefault("content-type", ""))', 'application/json', S],
  ['@(context.Request.Headers.GetValueOrDefault("X-Forwarded-For", ""))', '10.0.0.1,10.0.0.2', S],
  ['@(context.Request.Headers.GetValueOrDefault("Missing", "none"))', 'none', S],
  ['@(context.Request.Headers.GetValueOrDefault("Missing") == null)', 'True', B],
  ['@(context.Request.Headers.ContainsKey("authorization"))', 'True', B],
  ['@(context.Request.Headers["Content-Type"][0])', 'application/json', S],
  ['@(context.Request.Url.Path)', '/orders/orders/42', S],
  ['@(context.Request.Url.Host)', 'contoso.azure-api.net', S],
  ['@(context.Request.Url.Query.GetValueOrDefault("tag", ""))', 'a,b', S],
  ['@(context.Request.Url.QueryString)', '?status=open&tag=a&tag=b', S],
  ['@(context.Request.MatchedParameters["orderId"])', '42', S],
  ['@(context.Request.Body.As<JObject>(preserveContent: true)["total"].Value<decimal>())', '12.5', M],
  ['@(context.Request.Body.As<JObject>(preserveContent: true)["lines"].Count())', '2', I],
  ['@(context.Request.Body.As<string>(true).Length > 10)', 'True', B],
  ['@(context.Request.Headers.GetValueOrDefault("Authorization", "").Split(\' \').Last().AsJwt().Subject)', 'user-1', S],
  ['@(context.Request.Headers.GetValueOrDefault("Authorization", "").Split(\' \').Last().AsJwt().Claims.GetValueOrDefault("roles", ""))', 'Orders.Read,Orders.Write', S],
  ['@(context.Request.Headers.GetValueOrDefault("Authorization", "").Split(\' \').Last().AsJwt().ExpirationTime.Value.ToString("o"))', '2026-11-18T11:06:40.0000000Z', S],
  ['@("not a jwt".AsJwt() == null)', 'True', B],
  ['@("Basic dXNlcjpwYXNz".AsBasic().Password)', 'pass', S],
  ['@((string)context.Variables["correlationId"])', 'abc-123', S],
  ['@((int)context.Variables["count"] + 1)', '6', I],
  ['@(context.Variables["big"])', '5000000000', L],
  ['@(context.Variables.GetValueOrDefault<int>("count", 0))', '5', I],
  ['@(context.Variables.GetValueOrDefault<string>("missing", "d"))', 'd', S],
  ['@(context.Variables.GetValueOrDefault<int>("missing"))', '0', I],
  ['@(context.Variables.ContainsKey("flag") && (bool)context.Variables["flag"])', 'True', B],
  ['@(context.Response.StatusCode >= 500 ? "retry" : "ok")', 'retry', S],
  ['@(Regex.Match(context.Response.Headers.GetValueOrDefault("Cache-Control",""), @"max-age=(?<maxAge>\\d+)").Groups["maxAge"]?.Value)', '300', S],
  ['@(context.Api.Id.Split(\';\')[0])', 'orders-api', S],
  ['@(context.Api.IsCurrentRevision)', 'False', B],
  ['@(context.Operation.UrlTemplate)', '/orders/{orderId}', S],
  ['@(context.Product?.Name ?? "direct")', 'Starter', S],
  ['@(context.Subscription?.Key ?? "anonymous")', 'key-1', S],
  ['@(context.User.Groups.Any(g => g.Name == "developers"))', 'True', B],
  ['@(context.RequestId.ToString())', '00000000-0000-4000-8000-000000000001', S],
  ['@(context.Timestamp.ToString("o"))', '2026-11-26T19:05:03.0000000Z', S],
  ['@(context.Elapsed.TotalSeconds)', '0', D],
  ['@(context.Deployment.Region)', 'West Europe', S],
  ['@(context.LastError == null)', 'True', B],
  ['@(new[] { "orders-api", "inventory-api" }.Contains((string)context.Api.Id.Split(\';\')[0]))', 'True', B],
]);

errors('.NET exceptions', [
  ['@(1 / 0)', 'System.DivideByZeroException'],
  ['@(1m / 0m)', 'System.DivideByZeroException'],
  ['@(checked(int.MaxValue + 1))', 'System.OverflowException'],
  ['@(int.Parse("abc"))', 'System.FormatException'],
  ['@(int.Parse("2147483648"))', 'System.OverflowException'],
  ['@(Convert.ToBoolean("yes"))', 'System.FormatException'],
  ['@("abc".Substring(5))', 'System.ArgumentOutOfRangeException'],
  ['@(new int[0].First())', 'System.InvalidOperationException'],
  ['@(new[] { 1, 2 }.Single())', 'System.InvalidOperationException'],
  ['@(new[] { int.MaxValue, 1 }.Sum())', 'System.OverflowException'],
  ['@(new[] { "a", "a" }.ToDictionary(s => s))', 'System.ArgumentException'],
  ['@(new Dictionary<string, int>()["x"])', 'System.Collections.Generic.KeyNotFoundException'],
  ['@(new[] { 1 }[3])', 'System.IndexOutOfRangeException'],
  ['@(((string)null).Length)', 'System.NullReferenceException'],
  ['@((string)context.Variables["count"])', 'System.InvalidCastException'],
  ['@((long)context.Variables["count"])', 'System.InvalidCastException'],
  ['@(context.Variables.GetValueOrDefault<string>("count", ""))', 'System.InvalidCastException'],
  ['@(context.Variables["missing"])', 'System.Collections.Generic.KeyNotFoundException'],
  ['@(JObject.Parse("{"))', 'Newtonsoft.Json.JsonReaderException'],
  ['@(JObject.Parse("[1]"))', 'Newtonsoft.Json.JsonReaderException'],
  ['@(XElement.Parse("<a>"))', 'System.Xml.XmlException'],
  ['@(DateTime.Parse("not a date"))', 'System.FormatException'],
  ['@(Guid.Parse("nope"))', 'System.FormatException'],
  ['@(Convert.FromBase64String("***"))', 'System.FormatException'],
  ['@(new Uri("not a uri"))', 'System.UriFormatException'],
  ['@{ throw new InvalidOperationException("stop"); }', 'System.InvalidOperationException'],
  ['@(3 switch { 1 => "a" })', 'System.InvalidOperationException'],
  ['@{ var b = context.Request.Body.As<string>(); return context.Request.Body.As<string>(); }', 'System.InvalidOperationException'],
]);

errors('limits: runaway expressions stop with a clear error', [
  ['@{ while (true) { } }', 'limit:steps'],
  ['@{ var n = 0; for (;;) { n++; } }', 'limit:steps'],
  ['@(Enumerable.Range(0, int.MaxValue).Count())', 'limit:steps'],
  ['@{ Func<int, int> f = null; f = x => f(x + 1); return f(0); }', 'limit:recursion'],
  ['@(Regex.IsMatch(new string(\'a\', 40) + "b", "^(a+)+$"))', 'System.Text.RegularExpressions.RegexMatchTimeoutException'],
]);

errors('compile errors', [
  ['@(unknownName + 1)', 'compile:unknownName'],
  ['@(new NoSuchType())', 'compile:unknownType'],
  ['@{ var x = 1; }', 'compile:missingReturn'],
  ['@{ var x = 1; var x = 2; return x; }', 'compile:duplicateLocal'],
]);

describe('injected clock and random source', () => {
  test('DateTime.UtcNow comes from the injected clock', async () => {
    const r = await evaluateExpression('@(DateTime.UtcNow.Year)', { now: () => new Date('2031-05-01T00:00:00Z') });
    assert.ok(r.ok && r.value === 2031);
  });
  test('the step budget is configurable', async () => {
    const r = await evaluateExpression('@{ var s = 0; for (var i = 0; i < 50; i++) { s += i; } return s; }', { maxSteps: 20 });
    assert.ok(!r.ok && r.error.kind === 'limit');
  });
});
