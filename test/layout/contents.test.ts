/** A volume-sized issue: the contents run over several pages and every row stays on a page. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { layoutIssue } from '../../src/layout/index.js';
import { textFrame } from '../../src/layout/pages/geometry.js';
import type { LinkItem } from '../../src/layout/types.js';
import { Reporter } from '../../src/messages/diagnostic.js';
import { prepareIssue } from '../../src/pipeline/build.js';

function volume(n: number): string {
  const root = mkdtempSync(path.join(tmpdir(), 'baspa-volume-'));
  const slugs = Array.from({ length: n }, (_, i) => `article-${i + 1}`);
  mkdirSync(path.join(root, 'manuscripts'));
  writeFileSync(path.join(root, 'manuscripts/issue.yaml'), `journal:\n  title: "Volume Test"\nvolume: 9\nnumber: 1\nyear: 2026\nlanguages: [en]\narticles:\n${slugs.map((s) => `  - ${s}`).join('\n')}\n`);
  for (const [i, slug] of slugs.entries()) {
    mkdirSync(path.join(root, 'manuscripts', slug));
    writeFileSync(
      path.join(root, 'manuscripts', slug, 'article.md'),
      `---\ntitle: "Article number ${i + 1} on the relations of neighbouring states in a changing region"\nlang: en\nauthors:\n  - name: "Author ${i + 1}"\n---\n\nA short body of article ${i + 1}, long enough to be a paragraph of text on its page.\n`,
    );
  }
  return root;
}

describe('contents of a large issue', () => {
  it('flows over several pages, one row never split, all rows inside the text area', async () => {
    const reporter = new Reporter();
    const { issue, template } = await prepareIssue({ root: volume(40), out: '', formats: [] }, reporter, {});
    expect(reporter.errors).toEqual([]);
    const layout = layoutIssue(issue, template);
    const firstArticle = Math.min(...[...layout.articlePages.values()].map((r) => r.first));
    const contents = layout.pages.slice(1, firstArticle - 1).filter((p) => p.items.some((i) => i.kind === 'link'));
    expect(contents.length).toBeGreaterThan(1);
    const links = contents.flatMap((p) => p.items.filter((i): i is LinkItem => i.kind === 'link').map((l) => ({ l, p })));
    expect(links.map(({ l }) => l.dest)).toEqual(issue.articles.map((a) => a.slug));
    for (const { l, p } of links) {
      const f = textFrame(template, p.folio);
      expect(l.y + l.height).toBeLessThanOrEqual(f.y + f.height + template.styles.contents.leading);
    }
    expect(firstArticle % 2).toBe(1);
  });
});
