/** The article title: ragged, balanced, and no line of it a lone word when the title is long. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { laidOut } from '../helpers/layout.js';

const ROOT = path.resolve(__dirname, '../..');

describe('article titles', () => {
  it('are balanced in the sample: no long title ends on a lone word', async () => {
    const { layout, issue } = await laidOut(ROOT);
    for (const a of issue.articles) {
      // The title's lines: full-width lines (outside the columns) whose text is part of the title.
      const title = layout.pages.flatMap((p) => p.lines).filter((l) => l.column < 0 && l.text.trim() !== '' && a.titleText.replace(/\s+/g, ' ').includes(l.text.trim()));
      expect(title.length, a.titleText).toBeGreaterThan(0);
      // No last line left with one word (a long word may fill a line of its own in a column).
      if (title.length > 1) expect(title[title.length - 1].text.trim().split(/\s+/).length, title[title.length - 1].text).toBeGreaterThan(1);
    }
  });
});

describe('the monograph template', () => {
  it('prints each article’s abstract and keywords, as the journal template does', async () => {
    const { layout, issue } = await laidOut(path.join(ROOT, 'test/fixtures/translations'), 'monograph');
    const text = layout.pages.flatMap((p) => p.lines).map((l) => l.text).join(' ');
    for (const a of issue.articles) {
      expect(text).toContain(`${a.labels.abstract}.`);
      expect(text).toContain(`${a.labels.keywords}:`);
    }
  });
});
