import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { durationMs } from '../../../src/gateway/backends';

describe('ISO-8601 durations of backend entities', () => {
  const rows: [string | undefined, number][] = [
    ['PT30S', 30_000],
    ['PT1M', 60_000],
    ['PT1H', 3_600_000],
    ['P1D', 86_400_000],
    ['PT1M30S', 90_000],
    ['PT0.5S', 500],
    [undefined, 42],
    ['soon', 42],
  ];
  for (const [text, ms] of rows) test(String(text), () => assert.equal(durationMs(text, 42), ms));
});
