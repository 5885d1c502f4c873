/** An author's soft hyphens (U+00AD) are where a long word breaks, with a visible hyphen. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { laidOut } from '../helpers/layout.js';

describe('soft hyphens', () => {
  it('break a long word at the author’s points and draw no soft hyphen', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'baspa-shy-'));
    mkdirSync(path.join(root, 'manuscripts/a'), { recursive: true });
    writeFileSync(path.join(root, 'manuscripts/issue.yaml'), 'journal: J\nlanguages: [en]\narticles: [a]\n');
    const word = ['Donau', 'dampf', 'schiff', 'fahrts', 'gesellschafts', 'kapitäns', 'witwen', 'renten', 'kassen', 'verwaltung'].join('\u00AD');
    const para = Array.from({ length: 6 }, (_, i) => `Sentence ${i} names the ${word} once more.`).join(' ');
    writeFileSync(path.join(root, 'manuscripts/a/article.md'), `---\ntitle: T\nlang: en\n---\n\n${para}\n`);
    const { layout } = await laidOut(root);
    const lines = layout.pages.flatMap((p) => p.lines).filter((l) => l.column >= 0);
    const broken = lines.filter((l) => l.hyphenated);
    expect(broken.length).toBeGreaterThan(2);
    for (const l of broken) {
      expect(l.text.replace(/\u00AD/g, '')).toMatch(/(Donau|dampf|schiff|fahrts|gesellschafts|kapitäns|witwen|renten|kassen)-$/);
      expect(l.width).toBeLessThanOrEqual(l.measure + l.protrusion + 0.5);
    }
    const drawn = layout.pages.flatMap((p) => p.items).filter((i) => i.kind === 'text').map((i) => (i as { text: string }).text).join('');
    expect(drawn).toContain('-');
  });
});
