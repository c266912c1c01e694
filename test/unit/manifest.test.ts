// Keeps package.json and the code in step: command ids, the language contribution, activation.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { isPolicyFirstLine, POLICY_FIRST_LINE, POLICY_LANGUAGE_ID } from '../../src/policy/policyLanguage';
import { repoRoot } from './helpers';

interface Manifest {
  name: string;
  displayName: string;
  engines: { vscode: string };
  main: string;
  bin: Record<string, string>;
  activationEvents: string[];
  devDependencies: Record<string, string>;
  contributes: {
    commands: { command: string }[];
    languages: { id: string; extensions: string[]; filenames: string[]; firstLine: string }[];
    grammars: { language: string; path: string; embeddedLanguages: Record<string, string> }[];
    views: Record<string, { id: string }[]>;
    viewsContainers: { activitybar: { id: string; icon: string }[] };
  };
}

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;

describe('package.json', () => {
  test('is an extension named apim-workbench and a CLI', () => {
    assert.equal(manifest.name, 'apim-workbench');
    assert.equal(manifest.displayName, 'APIM Workbench');
    // 1.101: the first with vscode.lm.registerMcpServerDefinitionProvider (the MCP server); the
    // types pinned to the same version, so nothing newer is used by accident.
    assert.equal(manifest.engines.vscode, '^1.101.0');
    assert.equal(manifest.devDependencies['@types/vscode'], '1.101.0');
    assert.equal(manifest.main, './dist/extension.js');
    assert.equal(manifest.bin['apim-workbench'], './dist/cli.js');
  });

  test('the package holds the CLI bundle: the MCP server VS Code starts runs dist/cli.js', () => {
    const ignore = readFileSync(path.join(repoRoot, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim());
    assert.ok(ignore.includes('**'), 'everything is left out unless named');
    for (const f of ['dist/extension.js', 'dist/azureRuntime.js', 'dist/cli.js', 'dist/*.wasm']) assert.ok(ignore.includes(`!${f}`), `${f} is packaged`);
    assert.match(readFileSync(path.join(repoRoot, 'src', 'vscode', 'mcpServerProvider.ts'), 'utf8'), /path\.join\(this\.extensionUri\.fsPath, 'dist', 'cli\.js'\)/);
  });

  test('never activates on everything or on every XML file', () => {
    for (const event of manifest.activationEvents) {
      assert.notEqual(event, '*');
      assert.notEqual(event, 'onStartupFinished');
      assert.notEqual(event, 'onLanguage:xml');
    }
  });

  test('contributes exactly the commands the code registers', () => {
    const code = readFileSync(path.join(repoRoot, 'src/vscode/commands.ts'), 'utf8');
    const table = /export const CommandIds = \{([^}]*)\}/.exec(code)?.[1] ?? '';
    const registered = [...table.matchAll(/'([\w.]+)'/g)].map((m) => m[1]).sort();
    assert.ok(registered.length > 0);
    assert.deepEqual(manifest.contributes.commands.map((c) => c.command).sort(), registered);
  });

  test('contributes the apim-policy language with its grammar', () => {
    const lang = manifest.contributes.languages.find((l) => l.id === POLICY_LANGUAGE_ID);
    assert.ok(lang);
    assert.deepEqual(lang.extensions, ['.policy.xml']);
    assert.deepEqual(lang.filenames, ['policy.xml']);
    assert.equal(lang.firstLine, POLICY_FIRST_LINE.source.replace(/\\\//g, '/'));
    const grammar = manifest.contributes.grammars.find((g) => g.language === POLICY_LANGUAGE_ID);
    assert.ok(grammar);
    const tm = JSON.parse(readFileSync(path.join(repoRoot, grammar.path), 'utf8')) as { repository: Record<string, { name?: string }> };
    for (const [scope, language] of Object.entries(grammar.embeddedLanguages)) {
      assert.equal(language, 'csharp');
      assert.ok(Object.values(tm.repository).some((r) => r.name === scope), `the grammar uses ${scope}`);
    }
  });

  test('the explorer view lives in its own container with an icon', () => {
    const container = manifest.contributes.viewsContainers.activitybar[0];
    assert.equal(container?.id, 'apimWorkbench');
    assert.ok(container?.icon.startsWith('media/'));
    assert.deepEqual(manifest.contributes.views['apimWorkbench']?.map((v) => v.id), ['apimWorkbench.explorer']);
  });
});

describe('policy first-line detection', () => {
  const cases: [string, boolean][] = [
    ['<policies>', true],
    ['  <policies >', true],
    ['<fragment>', true],
    ['<?xml version="1.0" encoding="utf-8"?><policies>', true],
    ['<policies/>', true],
    ['<policiesx>', false],
    ['<project xmlns="http://maven.apache.org/POM/4.0.0">', false],
    ['<?xml version="1.0"?>', false],
    ['<!-- <policies> -->', false],
  ];
  for (const [line, expected] of cases) {
    test(`${JSON.stringify(line)} is ${expected ? '' : 'not '}a policy`, () => {
      assert.equal(isPolicyFirstLine(line), expected);
      assert.equal(new RegExp(manifest.contributes.languages[0]?.firstLine ?? '').test(line), expected, 'package.json agrees');
    });
  }
});
