// The `npm test` runner's summary: a runner that stops after some checks passed still counts them.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { repoRoot } from '../helpers';

const { countResults } = createRequire(__filename)(path.join(repoRoot, 'scripts', 'test.js')) as {
  countResults(out: string, summary: RegExp, exitCode: number): [number, number];
};
const UI = /ui: (\d+) passed, (\d+) failed/;

describe('npm test summary', () => {
  test('takes the runner’s own summary line', () => {
    assert.deepEqual(countResults('  ✔ a\n  ✖ b\nui: 1 passed, 1 failed\n', UI, 1), [1, 1]);
    assert.deepEqual(countResults('ui: 9 passed, 0 failed\n', UI, 0), [9, 0]);
  });

  test('a runner that failed without a failed test counts one failure', () => {
    assert.deepEqual(countResults('ui: 3 passed, 0 failed\n', UI, 1), [3, 1]);
  });

  test('without a summary (the runner crashed), the checks that passed still count', () => {
    assert.deepEqual(countResults('ui\n  ✔ the .vsix is under 5 MB\nError: code-server did not come up\n', UI, 1), [1, 1]);
    assert.deepEqual(countResults('    ✔ one\n    ✔ two\n    ✖ three\n', UI, 1), [2, 1]);
  });

  test('a runner that printed nothing and exited 0 is not a pass', () => {
    assert.deepEqual(countResults('', UI, 0), [0, 1]);
  });
});
