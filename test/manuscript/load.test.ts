/** An article folder holds one Markdown file, whatever its name (issue 13, part 6). */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIssue } from '../../src/manuscript/load.js';
import { Reporter } from '../../src/messages/diagnostic.js';

async function load(files: string[]) {
  const root = mkdtempSync(path.join(tmpdir(), 'baspa-load-'));
  mkdirSync(path.join(root, 'manuscripts/a'), { recursive: true });
  writeFileSync(path.join(root, 'manuscripts/issue.yaml'), 'journal: {title: T}\nvolume: 1\nnumber: 1\nyear: 2026\narticles: [a]\n');
  for (const f of files) writeFileSync(path.join(root, 'manuscripts/a', f), '---\ntitle: T\nlang: en\n---\n\nText.\n');
  const reporter = new Reporter();
  const issue = await loadIssue(root, reporter);
  return { issue, reporter };
}

describe('the article’s Markdown file', () => {
  it.each(['paper.md', 'index.md', 'article.md', 'my-study.md'])('is %s, whatever its name', async (name) => {
    const { issue, reporter } = await load([name]);
    expect(reporter.errors).toEqual([]);
    expect(path.basename(issue!.articles[0].manuscript.path!)).toBe(name);
  });

  it('is not a README.md beside it', async () => {
    const { issue, reporter } = await load(['paper.md', 'README.md']);
    expect(reporter.errors).toEqual([]);
    expect(path.basename(issue!.articles[0].manuscript.path!)).toBe('paper.md');
  });

  it('must be one: two are an error naming both and the one to keep', async () => {
    const { reporter } = await load(['paper.md', 'notes.md']);
    expect(reporter.errors.map((e) => e.rule)).toEqual(['article-manuscript-count']);
    expect(reporter.errors[0].message).toContain('notes.md, paper.md');
    expect(reporter.errors[0].message).toContain('keep only the article (paper.md?)');
  });
});
