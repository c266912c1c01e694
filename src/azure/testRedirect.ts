// Test-only switch shared by the extension and the CLI: APIM_WORKBENCH_ARM_REDIRECT (an
// http://127.0.0.1:PORT origin) sends every ARM call to the local ARM emulator, with a fixed test
// token instead of a real credential. No SDK import here: the extension reads it at activation.

import type { TokenCredential } from '@azure/core-auth';

/** The local ARM emulator's origin, from the environment; undefined unless it is a loopback http origin. */
export function testRedirect(): string | undefined {
  const v = process.env['APIM_WORKBENCH_ARM_REDIRECT'];
  return v && /^http:\/\/(127\.0\.0\.1|localhost):\d+$/.test(v) ? v : undefined;
}

/** The credential used with the redirect: a fixed token the emulator accepts. */
export const TEST_CREDENTIAL: TokenCredential = { getToken: async () => ({ token: 'apim-workbench-test-token', expiresOnTimestamp: Date.now() + 3600_000 }) };
