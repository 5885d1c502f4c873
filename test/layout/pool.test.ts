/**
 * A volume laid out across threads is the volume laid out in one: same pages, same items
 * at the same places, same structure tree, same outline. A reader must not be able to
 * tell how many cores built the book.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FontBook } from '../../src/layout/fonts.js';
import { layoutIssue } from '../../src/layout/index.js';
import { Reporter } from '../../src/messages/diagnostic.js';
import { prepareIssue } from '../../src/pipeline/build.js';
import { LayoutPool, POOL_MIN_ARTICLES } from '../../src/pipeline/layout-pool.js';
// @ts-expect-error: the benchmark's volume generator is plain JavaScript.
import { makeVolume } from '../../bench/synth.js';

const saved = process.env.BASPA_JOBS;
afterEach(() => {
  if (saved === undefined) delete process.env.BASPA_JOBS;
  else process.env.BASPA_JOBS = saved;
});

describe('layout on several threads', () => {
  it('gives the same pages as one thread for a volume of articles in both languages', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'baspa-pool-'));
    await (makeVolume as (n: number, root: string) => Promise<unknown>)(POOL_MIN_ARTICLES + 4, root);
    const reporter = new Reporter();
    const { issue, template } = await prepareIssue({ root, out: '', formats: [], template: undefined }, reporter, {});
    expect(reporter.errors).toEqual([]);
    expect(new Set(issue.articles.map((a) => a.lang))).toEqual(new Set(['en', 'kk']));
    const fonts = FontBook.shared(template.fonts, template.spacing);

    const alone = layoutIssue(issue, template, fonts);
    process.env.BASPA_JOBS = '2';
    const pool = LayoutPool.for(template, issue.articles.length);
    expect(pool, 'a pool for a volume this size').toBeDefined();
    await pool!.ready();
    const laid = await pool!.layout(issue, fonts);
    expect(pool!.byWorkers, 'articles laid out by the worker').toBeGreaterThan(0);
    const shared = layoutIssue(issue, template, fonts, laid);

    expect(shared.pages.length).toBe(alone.pages.length);
    expect(shared.articlePages).toEqual(alone.articlePages);
    expect(shared.structure).toEqual(alone.structure);
    expect(shared.outline).toEqual(alone.outline);
    shared.pages.forEach((p, i) => {
      expect(p.folio).toBe(alone.pages[i].folio);
      expect(p.items, `page ${p.folio}`).toEqual(alone.pages[i].items);
    });
  });

  it('is not used for a small issue', () => {
    process.env.BASPA_JOBS = '4';
    const template = { layout: { articleStartsRecto: true } } as Parameters<typeof LayoutPool.for>[0];
    expect(LayoutPool.for(template, 2)).toBeUndefined();
  });
});
