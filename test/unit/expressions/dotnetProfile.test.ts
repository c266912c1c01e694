// The .NET profile switch (runtime/dotnetProfile.ts) and the translation of .NET regular expressions
// to JavaScript's (runtime/regexTranslate.ts): the behaviours the C# oracle relies on.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluateExpression } from '../../../src/expressions/evaluate';
import { FRAMEWORK, MODERN, dotnetProfile, useDotNetProfile } from '../../../src/expressions/runtime/dotnetProfile';
import { toDisplayString } from '../../../src/expressions/runtime/operators';
import { translatePattern } from '../../../src/expressions/runtime/regexTranslate';

async function text(source: string): Promise<string> {
  const r = await evaluateExpression(source, {});
  if (!r.ok) return `!${r.error.kind === 'exception' ? r.error.type : r.error.kind}`;
  return toDisplayString(r.value);
}

describe('the .NET profile', () => {
  test('modern .NET is the default', () => {
    assert.equal(dotnetProfile().name, 'modern');
  });

  // Each row: expression, modern .NET's result, .NET Framework's (Mono 6.8 agrees with the latter).
  const rows: [string, string, string][] = [
    ['@((0.1 + 0.2).ToString())', '0.30000000000000004', '0.3'],
    ['@((1000 / 3.0).ToString("R"))', '333.3333333333333', '333.33333333333331'],
    ['@((-0.0).ToString())', '-0', '0'],
    ['@((0.125).ToString("N2"))', '0.12', '0.13'],
    ['@(TimeSpan.FromMilliseconds(1.5).Ticks)', '15000', '20000'],
    ['@(new DateTime(2026, 1, 1).AddMilliseconds(0.5).Ticks % 10000)', '5000', '0'],
    ['@(double.Parse("1e400").ToString())', 'Infinity', '!System.OverflowException'],
    ['@(1.0 / Math.Min(-0.0, 0.0))', '-Infinity', 'Infinity'],
  ];
  for (const [source, modern, framework] of rows) {
    test(`${source}: ${modern} (modern), ${framework} (Framework)`, async () => {
      assert.equal(await text(source), modern);
      const before = useDotNetProfile(FRAMEWORK);
      try {
        assert.equal(await text(source), framework);
      } finally {
        useDotNetProfile(before);
      }
      assert.equal(dotnetProfile(), MODERN);
      assert.equal(await text(source), modern);
    });
  }
});

describe('.NET regular expressions in JavaScript', () => {
  const plain = { multiline: false, singleline: false, ecmaScript: false };
  const matches = (pattern: string, input: string, o = plain) => new RegExp(translatePattern(pattern, o), 'u').test(input);

  test('\\w, \\d and \\b are Unicode-aware as in .NET', () => {
    assert.ok(matches('^\\w+$', 'Straße_é1'));
    assert.ok(matches('^\\d$', '٣')); // ARABIC-INDIC DIGIT THREE is a decimal digit (Nd)
    assert.ok(matches('\\bé', 'x é'));
    assert.ok(!matches('a\\b', 'aé'));
  });
  test('ECMAScript option keeps JavaScript\'s ASCII classes', () => {
    assert.ok(!matches('^\\w$', 'é', { ...plain, ecmaScript: true }));
  });
  test('\\A, \\Z and \\z anchor the whole input, whatever Multiline says', () => {
    const ml = { ...plain, multiline: true };
    assert.ok(matches('\\Ab', 'b\na', ml));
    assert.ok(!matches('\\Aa', 'b\na', ml));
    assert.ok(matches('a\\Z', 'b\na\n'));
    assert.ok(!matches('a\\z', 'b\na\n'));
  });
  test('$ matches before a final newline, . does not match \\n unless Singleline', () => {
    assert.ok(matches('a$', 'a\n'));
    assert.ok(!matches('^.$', '\n'));
    assert.ok(matches('^.$', '\n', { ...plain, singleline: true }));
  });
  test('Unicode categories; named blocks and \\G are refused clearly', async () => {
    assert.ok(matches('^\\p{Lu}\\p{Ll}+$', 'Élan'));
    assert.match(await text('@(Regex.IsMatch("a", "\\\\p{IsGreek}"))'), /NotSupportedException/);
    assert.match(await text('@(Regex.IsMatch("a", "\\\\Ga"))'), /NotSupportedException/);
  });
});
