/** Start-up speed: an issue without math never loads MathJax; the first formula does. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Reporter } from '../../src/messages/diagnostic.js';
import { prepareIssue } from '../../src/pipeline/build.js';
import { engineLoaded } from '../../src/math/engine.js';

describe('the math engine', () => {
  it('is not loaded for the sample issue, which has no math, and is for one with math', async () => {
    await prepareIssue({ root: path.resolve(__dirname, '../..'), out: '', formats: [], template: undefined }, new Reporter(), {});
    expect(engineLoaded()).toBe(false);
    await prepareIssue({ root: path.resolve(__dirname, '../fixtures/math'), out: '', formats: [], template: undefined }, new Reporter(), {});
    expect(engineLoaded()).toBe(true);
  });
});
