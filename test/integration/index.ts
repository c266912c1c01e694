// Entry point VS Code calls in the extension host (extensionTestsPath): runs every
// *.test.js beside this file with mocha (tdd UI) and prints a closing `N passed, N failed` line.

import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js'));
  if (files.length === 0) return Promise.reject(new Error(`No integration tests in ${__dirname}`));
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const passed = runner.stats?.passes ?? 0;
      console.log(`integration: ${passed} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else if (passed === 0) reject(new Error('No integration test ran'));
      else resolve();
    });
  });
}
