/**
 * Ace by DAISY as a gate: the bundled issue's EPUB has no accessibility violation of any
 * impact (minor ones included). Ace drives Debian's Chromium; in CI (`CI=true`) a missing
 * Ace or Chromium fails this test, locally it skips with the reason.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/pipeline/build.js';
import { aceMissing, formatViolation, runAce } from '../helpers/ace.js';

const ROOT = path.resolve(__dirname, '../..');
const EPOCH = 1_764_115_200; // 2025-11-26

const out = mkdtempSync(path.join(tmpdir(), 'baspa-ace-build-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('Ace by DAISY', () => {
  it('reports no violation on the bundled issue’s EPUB', async (ctx) => {
    const missing = aceMissing();
    if (missing !== undefined) {
      if (process.env.CI === 'true') throw new Error(`${missing}; required in CI`);
      ctx.skip(missing);
    }
    const result = await build({ root: ROOT, out, formats: ['epub'], sourceDateEpoch: EPOCH });
    expect(result.reporter.errors).toEqual([]);
    const epub = result.outputs.find((f) => f.endsWith('.epub'));
    if (epub === undefined) throw new Error('the build wrote no EPUB');

    const ace = await runAce(epub);
    const lines = ace.violations.map(formatViolation);
    if (lines.length > 0) console.error(`Ace by DAISY: ${lines.length} violation(s)\n${lines.join('\n')}`);
    expect(lines).toEqual([]);
    expect(ace.outcome).toBe('pass');
    // -E: exit code 2 when the book fails.
    expect(ace.code).toBe(0);
  }, 60_000);
});
