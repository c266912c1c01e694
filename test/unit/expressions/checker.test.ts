// Deliberately wrong expressions report the right code on the right text; types flow far enough
// for completion ("what is before the dot").

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { checkExpression, receiverTypeAt, typeName } from '../../../src/expressions/checker';
import { loadCSharpParser, parsePolicyExpression } from '../../../src/expressions/expressionParser';

before(async () => {
  await loadCSharpParser();
});

function check(source: string, expectedType?: string) {
  const parsed = parsePolicyExpression(source);
  assert.ok(parsed?.body, source);
  assert.deepEqual(parsed.diagnostics, [], 'the source parses');
  return checkExpression(parsed.body, { globals: { context: 'IContext' }, expectedType });
}

// [source, code, text under the diagnostic's span, words the message must contain]
const WRONG: [string, string, string, string][] = [
  ['@(context.Request.Headrs.Count)', 'unknownMember', 'Headrs', "Did you mean 'Headers'?"],
  ['@(context.Reqest.Method)', 'unknownMember', 'Reqest', "Did you mean 'Request'?"],
  ['@(context.Request.Url.Path.lenght)', 'unknownMember', 'lenght', "Did you mean 'Length'?"],
  ['@(context.Variables["x"].Length)', 'unknownMember', 'Length', "'object' does not contain"],
  ['@(unknownThing + 1)', 'unknownName', 'unknownThing', 'does not exist'],
  ['@(new CultureInfo("en-US"))', 'unknownType', 'CultureInfo', 'not allowed'],
  ['@((Strng)context.Variables["x"])', 'unknownType', 'Strng', "Did you mean 'string'?"],
  ['@(System.IO.File.ReadAllText("x"))', 'unknownType', 'File', 'System.IO.File'],
  ['@(DateTime.UtcNow.ToUniversalTime())', 'memberNotAllowed', 'ToUniversalTime', 'APIM0002'],
  ['@(Regex.Escape("a.b"))', 'memberNotAllowed', 'Escape', 'Allowed:'],
  ['@("abc".Substring(1, 2, 3))', 'argumentCount', '"abc".Substring(1, 2, 3)', 'takes 3 arguments'],
  ['@(Math.Max(1))', 'argumentCount', 'Math.Max(1)', 'takes 1 argument'],
  ['@(new JProperty())', 'argumentCount', 'new JProperty()', 'No constructor'],
  ['@{ int Twice(int x) => x * 2; return Twice(1, 2); }', 'argumentCount', 'Twice(1, 2)', "The local function 'Twice' takes 1 argument, not 2"],
  ['@{ if (context.Request.Method) { return 1; } return 0; }', 'typeMismatch', 'context.Request.Method', 'A bool is expected'],
  ['@(context.Request.Method == "GET" && context.Response.StatusCode)', 'typeMismatch', 'context.Response.StatusCode', 'not int'],
  ['@{ int n = "text"; return n; }', 'typeMismatch', '"text"', "Cannot assign string to 'n'"],
  ['@(context.Request.Body.As<JObject>()[0].Foo)', 'unknownMember', 'Foo', "'JToken' does not contain"],
];

describe('diagnostics on wrong expressions', () => {
  for (const [source, code, text, words] of WRONG) {
    test(`${source} → ${code}`, () => {
      const r = check(source);
      const d = r.diagnostics.find((x) => x.code === code);
      assert.ok(d, `no ${code} in ${JSON.stringify(r.diagnostics.map((x) => `${x.code}: ${x.message}`))}`);
      assert.equal(source.slice(d.span.start, d.span.end), text);
      assert.ok(d.message.includes(words), d.message);
    });
  }

  test('a condition must be bool', () => {
    const r = check('@(context.Request.Method)', 'bool');
    assert.deepEqual(r.diagnostics.map((d) => [d.code, d.message]), [['typeMismatch', 'This expression gives string, but bool is expected here.']]);
    assert.deepEqual(check('@(context.Request.Method == "GET")', 'bool').diagnostics, []);
  });
});

// [source with | at the cursor, type of what is before the dot]
const TYPES: [string, string][] = [
  ['@(context.Request.|Headers)', 'IRequest'],
  ['@(context.Request.Headers.|GetValueOrDefault("a", ""))', 'MultiValueDictionary'],
  ['@(context.Request.Headers.GetValueOrDefault("a", "").|Split(\',\'))', 'string'],
  ['@(context.Request.Body.As<JObject>().|Property("x"))', 'JObject'],
  ['@{ var jwt = "x".AsJwt(); return jwt.|Subject; }', 'Jwt'],
  ['@(context.Request.Headers.Where(h => h.|Key.StartsWith("x")).Count())', 'KeyValuePair<string, string[]>'],
  ['@(new[] { "a" }.Select(s => s.Length).First().|ToString())', 'int'],
  ['@(context.User.Groups.Select(g => g.|Name).ToList())', 'IGroup'],
  ['@(((IResponse)context.Variables["r"]).|StatusCode)', 'IResponse'],
  ['@{ foreach (var p in JObject.Parse("{}").Properties()) { return p.|Name; } return ""; }', 'JProperty'],
  ['@(DateTime.UtcNow.AddDays(1).|Year)', 'DateTime'],
];

describe('types flow to where completion needs them', () => {
  for (const [marked, expected] of TYPES) {
    test(`${marked} → ${expected}`, () => {
      const cursor = marked.indexOf('|');
      const source = marked.replace('|', '');
      const r = check(source);
      const t = receiverTypeAt(r, cursor);
      assert.ok(t, 'a type');
      assert.equal(typeName(t), expected);
    });
  }
});

describe('types outside the allow-list that Microsoft’s snippets use', () => {
  test('a warning naming the snippet, not an unknown-type error; other unlisted types stay errors', () => {
    const r = check('@{ var doc = new XmlDocument(); var reader = XmlReader.Create(new StringReader("<a/>")); return "x"; }');
    assert.deepEqual([...new Set(r.diagnostics.map((d) => `${d.severity} ${d.code}`))], ['warning typeNotOnAllowList']);
    assert.match(r.diagnostics[0]?.message ?? '', /not on Microsoft's list of types allowed.*Microsoft's policy snippets use it/);
    assert.deepEqual(check('@(new CultureInfo("en-US").Name)').diagnostics.map((d) => `${d.severity} ${d.code}`), ['error unknownType']);
  });
});

describe('types APIM allows that the simulator does not model', () => {
  test('a warning, not an unknown-type error; its members are still checked (from the .NET API listing)', () => {
    const r = check('@{ using (var rsa = RSA.Create()) { return rsa.KeySize; } }');
    assert.deepEqual([...new Set(r.diagnostics.map((d) => `${d.severity} ${d.code}`))], ['warning notSimulated']);
    assert.match(r.diagnostics[0]?.message ?? '', /RSA' is allowed by APIM, but the simulator does not model it/);
    const typo = check('@{ using (var rsa = RSA.Create()) { return rsa.KeySise; } }');
    assert.ok(typo.diagnostics.some((d) => d.code === 'unknownMember' && /KeySize/.test(d.message)), 'a misspelled member of a listed type is found');
  });
  test('a member known only from the listing: typed, and a warning that the simulator does not run it', () => {
    const r = check('@(new X509Certificate2(new byte[0]).GetCertHashString().Length)');
    assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error'), []);
  });
});
