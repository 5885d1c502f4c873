/**
 * Font expansion (template `spacing.expansion`): justified lines widen or narrow their
 * glyphs by at most the template's fraction so their spaces vary less, and still end
 * exactly at the measure. Set on a narrow Kazakh column, where long words make loose lines.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Inline } from '../../src/document/model.js';
import { loadTemplate } from '../../src/config/template.js';
import { FontBook } from '../../src/layout/fonts.js';
import { setParagraph } from '../../src/layout/flow/paragraph.js';
import type { VLine } from '../../src/layout/flow/lines.js';
import { Reporter } from '../../src/messages/diagnostic.js';
import { collectRuns } from '../../src/layout/inline/collect.js';
import { prepare } from '../../src/layout/inline/prepare.js';

const TEMPLATES = path.resolve(__dirname, '../../templates');

const TEXT =
  'Қазақстан Республикасының тәуелсіздік жылдарындағы даму стратегиясы мемлекеттің саяси, ' +
  'экономикалық және әлеуметтік жаңғыруының негізгі бағыттарын айқындады. Елбасының жыл сайынғы ' +
  'жолдаулары ұлттық идеяның қалыптасуына, мемлекеттік бағдарламалардың жүзеге асырылуына және ' +
  'халықаралық ынтымақтастықтың кеңеюіне ықпал етті. Мәңгілік Ел идеясы қоғамның рухани ' +
  'тұтастығын нығайтуға, білім мен ғылымды дамытуға, өңірлердің теңгерімді өсуіне бағытталған.';

async function lines(expansion: number): Promise<VLine[]> {
  const t = (await loadTemplate(TEMPLATES, 'journal', new Reporter(), { file: 'test', line: 1, column: 1 }))!;
  const fonts = FontBook.shared(t.fonts, { ...t.spacing, expansion });
  const inlines: Inline[] = [{ type: 'text', value: TEXT }];
  return setParagraph(fonts, {
    inlines,
    style: { face: 'regular', size: 9.5, lang: 'kk', struct: 0, features: t.features, smallCaps: false },
    leading: 12.5,
    width: 160,
    group: 1,
  });
}

/** The spaces between the words of a justified line, in points. */
function gaps(l: VLine): number[] {
  const items = l.line.items;
  return items.slice(1).map((it, i) => it.x - (items[i].x + items[i].width));
}

describe('font expansion', () => {
  it('keeps the spaces of justified lines more even, each line still ending at the measure', async () => {
    const plain = await lines(0);
    const expanded = await lines(0.02);
    const justified = (ls: VLine[]) => ls.filter((l) => l.align === 'justify' && !l.line.last);
    expect(justified(expanded).length).toBeGreaterThan(5);
    for (const l of justified(expanded)) expect(Math.abs(l.line.width - (l.line.protrusion ?? 0) - l.measure), l.line.items.map((i) => i.text).join(' ')).toBeLessThan(0.01);
    // The widest space and the spread of spaces both shrink.
    const all = (ls: VLine[]) => justified(ls).flatMap(gaps);
    const spread = (xs: number[]) => Math.max(...xs) - Math.min(...xs);
    expect(Math.max(...all(expanded))).toBeLessThan(Math.max(...all(plain)));
    expect(spread(all(expanded))).toBeLessThan(spread(all(plain)));
  });

  it('scales the glyphs by at most the template’s fraction, one scale per line, and leaves a loose last line alone', async () => {
    const expanded = await lines(0.02);
    const scales = expanded.flatMap((l) => l.line.items.map((i) => i.scale));
    expect(scales.some((s) => s !== 1)).toBe(true);
    for (const s of scales) {
      expect(s).toBeGreaterThanOrEqual(0.98 - 1e-9);
      expect(s).toBeLessThanOrEqual(1.02 + 1e-9);
    }
    for (const l of expanded) expect(new Set(l.line.items.map((i) => i.scale)).size).toBe(1);
    const last = expanded[expanded.length - 1];
    if (last.line.width < last.measure) expect(last.line.items.every((i) => i.scale === 1)).toBe(true);
    // Without expansion nothing is scaled.
    expect((await lines(0)).flatMap((l) => l.line.items).every((i) => i.scale === 1)).toBe(true);
  });

  it('leaves ragged-right text unscaled', async () => {
    const t = (await loadTemplate(TEMPLATES, 'journal', new Reporter(), { file: 'test', line: 1, column: 1 }))!;
    const fonts = FontBook.shared(t.fonts, { ...t.spacing, expansion: 0.02 });
    const ragged = setParagraph(fonts, {
      inlines: [{ type: 'text', value: TEXT }],
      style: { face: 'regular', size: 9.5, lang: 'kk', struct: 0, features: t.features, smallCaps: false },
      leading: 12.5,
      width: 160,
      align: 'left',
      group: 1,
    });
    expect(ragged.flatMap((l) => l.line.items).every((i) => i.scale === 1)).toBe(true);
  });
});

describe('URLs in justified text', () => {
  it('breaks inside a URL only where its costly breakpoint is, so such a line is set ragged, not justified', async () => {
    const t = (await loadTemplate(TEMPLATES, 'journal', new Reporter(), { file: 'test', line: 1, column: 1 }))!;
    const fonts = FontBook.shared(t.fonts, { ...t.spacing, expansion: 0.02 });
    const url = 'https://example.org/a/very/long/path/with/many/segments/that/goes/on/and/on/index.html';
    const runs = collectRuns([{ type: 'text', value: 'See the data at ' }, { type: 'link', url, children: [{ type: 'text', value: url }] }, { type: 'text', value: ' for more.' }], { face: 'regular', size: 9.5, lang: 'en', struct: 0, features: t.features, smallCaps: false });
    const { items } = prepare(runs, fonts, { hyphenate: true, indent: 0, maxWidth: 150, minSpace: 0.3, stretch: 0.5, shrink: 0.33, ragged: false, expansion: 0.02 });
    // The zero-width fill before a URL's breakpoint follows a penalty, never a box: a glue
    // after a box would be a free breakpoint, ending a justified line in mid-URL.
    const fills = items.map((it, i) => ({ it, i })).filter(({ it }) => it.type === 'glue' && it.width === 0 && it.stretch > 0 && it.stretch < 1000);
    expect(fills.length).toBeGreaterThan(5);
    for (const { i } of fills) expect(items[i - 1].type).toBe('penalty');
  });
});
