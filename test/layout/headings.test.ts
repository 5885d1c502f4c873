/** Heading levels look different on the page, and a sub-heading after text has space above it. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TextItem } from '../../src/layout/types.js';
import { laidOut } from '../helpers/layout.js';

describe('heading levels', () => {
  it('give four levels four looks, and a line of space above a sub-heading that follows text', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'baspa-headings-'));
    mkdirSync(path.join(root, 'manuscripts/a'), { recursive: true });
    writeFileSync(path.join(root, 'manuscripts/issue.yaml'), 'journal: J\nlanguages: [en]\narticles: [a]\n');
    const para = 'A paragraph of running text that fills a line or two of the column before the next heading comes.';
    writeFileSync(path.join(root, 'manuscripts/a/article.md'), `---\ntitle: T\nlang: en\n---\n\n# Section One\n\n${para}\n\n## Level Two\n\n${para}\n\n### Level Three\n\n${para}\n\n#### Level Four\n\n${para}\n`);
    const { layout } = await laidOut(root);
    const items = layout.pages.flatMap((p) => p.items).filter((i): i is TextItem => i.kind === 'text');
    const look = (word: string) => {
      const it = items.find((i) => i.text.toLowerCase().includes(word.toLowerCase()))!;
      return `${it.face} ${it.size} ${it.features.includes('smcp') || it.text === it.text.toUpperCase() ? 'caps' : ''}`;
    };
    const looks = ['One', 'Two', 'Three', 'Four'].map(look);
    expect(new Set(looks).size).toBe(4);
    // The gap from the text's last line to a sub-heading is more than one line.
    const lines = layout.pages.flatMap((p) => p.lines);
    let checked = 0;
    for (const h of ['Level Two', 'Level Three', 'Level Four']) {
      const i = lines.findIndex((l) => l.text.includes(h));
      // Only where the heading follows text in the same column (balanced columns may part them).
      if (lines[i].column !== lines[i - 1].column || lines[i].y < lines[i - 1].y) continue;
      expect(lines[i].y - lines[i - 1].y, h).toBeGreaterThan(12.5 * 1.5);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });
});
