import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { loadCSharpParser, parsePolicyExpression } from '../../../src/expressions/expressionParser';
import { body } from './astPrinter';

before(async () => {
  await loadCSharpParser();
});

function parse(source: string): string {
  const r = parsePolicyExpression(source, 0);
  assert.ok(r, `${source} is an expression`);
  assert.deepEqual(r.diagnostics.map((d) => `${d.code}: ${d.message}`), [], source);
  return body(r.body);
}

const EXPRESSIONS: [string, string][] = [
  ['@(true)', 'true:bool'],
  ['@((1+1).ToString())', '(call (. (+ 1:int 1:int) ToString))'],
  ['@("Hi There".Length)', '(. "Hi There" Length)'],
  ['@(context.Request.Headers.GetValueOrDefault("Authorization",""))', '(call (. (. (. context Request) Headers) GetValueOrDefault) "Authorization" "")'],
  ['@((string)context.Variables["x"])', '(cast string ([] (. context Variables) "x"))'],
  ['@((int)-1)', '(cast int (- 1:int))'],
  ['@(a < b && c > d)', '(&& (< a b) (> c d))'],
  ['@(context.Request.Body.As<JObject>(preserveContent: true)["a"])', '([] (call (. (. (. context Request) Body) As<JObject>) preserveContent:true:bool) "a")'],
  ['@(context.Variables.GetValueOrDefault<string>("k", "d"))', '(call (. (. context Variables) GetValueOrDefault<string>) "k" "d")'],
  ['@(context.Subscription?.Key ?? "anonymous")', '(?? (?. (. context Subscription) Key) "anonymous")'],
  ['@(context.Variables["r"] is IResponse r && r.StatusCode == 200)', '(&& (is ([] (. context Variables) "r") (type IResponse r)) (== (. r StatusCode) 200:int))'],
  ['@((context.Variables["r"] as IResponse)?.StatusCode)', '(?. (as ([] (. context Variables) "r") IResponse) StatusCode)'],
  ['@(new JObject(new JProperty("a", 1)))', '(new JObject (new JProperty "a" 1:int))'],
  ['@(new[] {1,2})', '(new[] ? {1:int 2:int})'],
  ['@(new string[] { "a" })', '(new[] string {"a"})'],
  ['@(new int[3])', '(new[] int #3:int)'],
  ['@(x => x.Name)', '(=> (x) (. x Name))'],
  ['@((a, b) => a + b)', '(=> (a b) (+ a b))'],
  ['@($"Bearer {token}")', '($ "Bearer " {token})'],
  ['@($"{x,5:N2} {{literal}}")', '($ {x,5:int:N2} " {literal}")'],
  ['@(@"c:\\temp" + \'x\')', '(+ "c:\\\\temp" \'x\')'],
  ['@("""raw "quoted" text""")', '"raw \\"quoted\\" text"'],
  ['@("tab\\there\\u0041")', '"tab\\thereA"'],
  ['@(1L + 2u + 3UL + 2147483648 + 1.5 + 2.5f + 3.5m + 1e3)', '(+ (+ (+ (+ (+ (+ (+ 1:long 2:uint) 3:ulong) 2147483648:uint) 1.5:double) 2.5:float) 3.5:decimal) 1000:double)'],
  ['@(0xFF + 0b101 + 1_000)', '(+ (+ 255:int 5:int) 1000:int)'],
  ['@(a ? b : c)', '(? a b c)'],
  ['@(x is not null and > 5)', '(is x (and (not null:null) (> 5:int)))'],
  ['@(x switch { 1 => "one", > 1 and < 10 => "few", _ => "many" })', '(switch x [1:int => "one"] [(and (> 1:int) (< 10:int)) => "few"] [_ => "many"])'],
  ['@(nameof(context.Request))', '(nameof Request)'],
  ['@(typeof(string))', '(typeof string)'],
  ['@(default(int))', '(default int)'],
  ['@(checked(x + 1))', '(checked (+ x 1:int))'],
  ['@(string.IsNullOrEmpty(s))', '(call (. (type string) IsNullOrEmpty) s)'],
  ['@(System.Text.Encoding.UTF8.GetBytes(s))', '(call (. (. (. (. System Text) Encoding) UTF8) GetBytes) s)'],
  ['@(new List<string> { "a", "b" })', '(new List<string> {"a" "b"})'],
  ['@(new Dictionary<string,int> { ["a"] = 1 })', '(new Dictionary<string,int> {["a"]=1:int})'],
  ['@(new { Name = x, y.Z })', '(anon Name=x Z=(. y Z))'],
  ['@(a?.B.C(1))', '(call (. (?. a B) C) 1:int)'],
  ['@(arr?[0])', '(?[] arr 0:int)'],
  ['@(x ?? throw new Exception("no"))', '(?? x (throw (new Exception "no")))'],
  ['@(i++ + --j)', '(+ (post++ i) (-- j))'],
  ['@(a >> 2 | b << 1 ^ ~c & d % 3)', '(| (>> a 2:int) (^ (<< b 1:int) (& (~ c) (% d 3:int))))'],
];

describe('parsing single expressions', () => {
  for (const [source, expected] of EXPRESSIONS) {
    test(source, () => assert.equal(parse(source), expected));
  }
});

const BLOCKS: [string, string][] = [
  ['@{ return 1; }', '{(return 1:int)}'],
  [
    '@{ string[] value; if (context.Request.Headers.TryGetValue("Authorization", out value)) { return value[0]; } return null; }',
    '{(local string[] value) (if (call (. (. (. context Request) Headers) TryGetValue) "Authorization" out value) {(return ([] value 0:int))}) (return null:null)}',
  ],
  ['@{ var x = 1; x += 2; x ??= 3; return x; }', '{(local var x=1:int) (+= x 2:int) (??= x 3:int) (return x)}'],
  ['@{ int a = 1, b; for (var i = 0; i < 3; i++) { a *= 2; } return a; }', '{(local int a=1:int b) (for ((local var i=0:int)) (< i 3:int) ((post++ i)) {(*= a 2:int)}) (return a)}'],
  ['@{ foreach (var h in context.Request.Headers) { if (h.Key == "x") break; else continue; } return 0; }', '{(foreach var h (. (. context Request) Headers) {(if (== (. h Key) "x") break continue)}) (return 0:int)}'],
  ['@{ while (true) { } do { } while (false); return 1; }', '{(while true:bool {}) (do false:bool {}) (return 1:int)}'],
  ['@{ try { throw new FormatException("x"); } catch (FormatException e) when (e.Message != "") { return 1; } catch { return 2; } finally { } }', '{(try {(throw (new FormatException "x"))} (catch FormatException e when (!= (. e Message) "") {(return 1:int)}) (catch {(return 2:int)}) (finally {}))}'],
  ['@{ switch (x) { case 1: case 2: return "a"; case string s when s.Length > 0: return s; default: return "z"; } }', '{(switch x [1:int,2:int: (return "a")] [(type string s) when (> (. s Length) 0:int): (return s)] [default: (return "z")])}'],
  ['@{ using (var h = new HMACSHA256(key)) { return h.ComputeHash(b); } }', '{(using (local var h=(new HMACSHA256 key)) {(return (call (. h ComputeHash) b))})}'],
  ['@{ context.Variables.TryGetValue("a", out var v); return v; }', '{(call (. (. context Variables) TryGetValue) "a" out (decl var v)) (return v)}'],
  ['@{\n  var body = context.Request.Body.As<JObject>(preserveContent: true);\n  body["t"] = DateTime.UtcNow.ToString("o");\n  return body.ToString();\n}', '{(local var body=(call (. (. (. context Request) Body) As<JObject>) preserveContent:true:bool)) (= ([] body "t") (call (. (. DateTime UtcNow) ToString) "o")) (return (call (. body ToString)))}'],
];

describe('parsing statement blocks', () => {
  for (const [source, expected] of BLOCKS) {
    test(source.replace(/\s+/g, ' '), () => assert.equal(parse(source), expected));
  }
});

describe('spans, entities and named values', () => {
  test('spans point into the document, after entity decoding', () => {
    const doc = '<x a="@(context.Request.Headers.GetValueOrDefault(&quot;Authorization&quot;,&quot;&quot;))" />';
    const start = doc.indexOf('@(');
    const value = doc.slice(start, doc.indexOf('" />'));
    const r = parsePolicyExpression(value, start);
    assert.ok(r?.body?.kind === 'expression' && r.body.expr.kind === 'call');
    const arg = r.body.expr.args[0];
    assert.ok(arg?.value.kind === 'literal');
    assert.equal(arg.value.value, 'Authorization');
    assert.equal(doc.slice(arg.span.start, arg.span.end), '&quot;Authorization&quot;');
    assert.equal(doc.slice(r.body.expr.span.start, r.body.expr.span.end), value.slice(2, -1));
  });

  test('named values outside strings become nodes with their document span', () => {
    const src = '@({{max-calls}} + 1)';
    const r = parsePolicyExpression(src, 100);
    assert.equal(body(r?.body), '(+ {{max-calls}} 1:int)');
    assert.deepEqual(r?.namedValues.map((n) => [n.name, n.span.start, n.span.end, n.inString]), [['max-calls', 102, 115, false]]);
    assert.ok(r?.body?.kind === 'expression' && r.body.expr.kind === 'binary');
    assert.deepEqual(r.body.expr.left.span, { start: 102, end: 115 });
  });

  test('named values inside strings stay text for the editor and are substituted for the gateway', () => {
    const src = '@("Bearer {{token}}")';
    assert.equal(body(parsePolicyExpression(src)?.body), '"Bearer {{token}}"');
    assert.equal(body(parsePolicyExpression(src, 0, (n) => (n === 'token' ? 'abc' : undefined))?.body), '"Bearer abc"');
  });

  test('plain text is not an expression', () => {
    assert.equal(parsePolicyExpression('application/json'), undefined);
    assert.equal(parsePolicyExpression('x @(1)'), undefined);
  });
});

describe('syntax errors', () => {
  const CASES: [string, string, string][] = [
    // [source, code, text under the first diagnostic's span]
    ['@(context.Request.)', 'syntax', ''],
    ['@(1 +)', 'syntax', ''],
    ['@{ var x = 1 return x; }', 'syntax', ''],
    ['@(from h in x select h)', 'unsupportedSyntax', 'from h in x select h'],
    ['@{ T Id<T>(T x) => x; return Id(1); }', 'unsupportedSyntax', 'T Id<T>(T x) => x;'],
    ['@(99999999999999999999)', 'numberTooLarge', '99999999999999999999'],
  ];
  for (const [source, code, text] of CASES) {
    test(`${source} reports ${code}`, () => {
      const r = parsePolicyExpression(source, 0);
      const d = r?.diagnostics[0];
      assert.ok(d, `a diagnostic for ${source}`);
      assert.equal(d.code, code);
      if (text) assert.equal(source.slice(d.span.start, d.span.end), text);
      assert.ok(d.span.start >= 0 && d.span.end <= source.length, 'the span is inside the source');
    });
  }

  test('half-typed input still yields the expression before the dot', () => {
    const r = parsePolicyExpression('@(context.Request.)', 0);
    assert.ok(r?.diagnostics.length);
  });
});

describe('tree-sitter precedence fixes', () => {
  // tree-sitter-c-sharp 0.23 binds ?. too loosely: `a && b?.c` came out as `(a && b)?.c`.
  const CASES: [string, string][] = [
    ['@(a && b?.c)', '(&& a (?. b c))'],
    ['@(a == 200 && b?.Name.Equals("S") == true)', '(&& (== a 200:int) (== (call (. (?. b Name) Equals) "S") true:bool))'],
    ['@(x || y?.z[0] != null)', '(|| x (!= (?[] y) null:null))'.replace('(?[] y)', '([] (?. y z) 0:int)')],
    ['@((a && b)?.c)', '(?. (&& a b) c)'],
  ];
  for (const [source, expected] of CASES) test(source, () => assert.equal(parse(source), expected));
});
