/**
 * The positioned pages of the bundled issue, inspected without writing a PDF: justified
 * lines fill their measure exactly, nothing passes its column, no widows or orphans,
 * headings stay with their text, and every word is placed once, in order.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Inline, Issue } from '../../src/document/model.js';
import type { Template } from '../../src/config/template.js';
import { columnWidth, columnX, textFrame } from '../../src/layout/pages/geometry.js';
import type { LayoutResult, LineBox, TextItem } from '../../src/layout/types.js';
import { laidOut as laidOutAt } from '../helpers/layout.js';
import { inOrderShare, manuscriptWords, normWords, placedText } from '../helpers/words.js';

const ROOT = path.resolve(__dirname, '../..');

const laidOut = (template?: string) => laidOutAt(ROOT, template);

function plain(nodes: Inline[]): string {
  return nodes.map((n) => (n.type === 'text' || n.type === 'code' ? n.value : 'children' in n ? plain(n.children) : n.type === 'noteref' ? n.label : ' ')).join('');
}

describe('journal layout of the bundled issue', () => {
  let issue: Issue;
  let t: Template;
  let layout: LayoutResult;
  beforeAll(async () => {
    ({ issue, t, layout } = await laidOut());
  });

  const bodyLines = () => layout.pages.flatMap((p) => p.lines.filter((l) => l.column >= 0).map((l) => ({ ...l, page: p.folio })));

  it('sets A4 pages with two columns and continuous folios', () => {
    expect(layout.pages[0].width).toBeCloseTo(595.28, 1);
    expect(layout.pages[0].height).toBeCloseTo(841.89, 1);
    expect(layout.pages.map((p) => p.folio)).toEqual(layout.pages.map((_, i) => i + 1));
    const columns = new Set(bodyLines().map((l) => l.column));
    expect([...columns].sort()).toEqual([0, 1]);
  });

  it('fills every justified line exactly to its measure, punctuation hanging past it', () => {
    const justified = bodyLines().filter((l) => l.align === 'justify' && !l.last);
    expect(justified.length).toBeGreaterThan(200);
    // The optical edge (less the hanging hyphen or stop) is the measure.
    for (const l of justified) expect(Math.abs(l.width - l.protrusion - l.measure), l.text).toBeLessThan(0.01);
  });

  it('never lets a line pass its column', () => {
    const w = columnWidth(t);
    for (const l of bodyLines()) {
      const right = columnX(t, textFrame(t, l.page), l.column) + w;
      // Hanging punctuation reaches into the margin by its protrusion, and no further.
      expect(l.x + l.width, `p.${l.page}: ${l.text}`).toBeLessThanOrEqual(right + l.protrusion + 0.01);
    }
    // Text items too (labels, superscripts), not only line boxes.
    for (const p of layout.pages) {
      const f = textFrame(t, p.folio);
      const hang = (y: number) => Math.max(0, ...p.lines.filter((l) => Math.abs(l.y - y) < 0.5).map((l) => l.protrusion));
      for (const i of p.items) if (i.kind === 'text') expect(i.x + i.width, i.text).toBeLessThanOrEqual(f.x + f.width + hang(i.y) + 0.01);
    }
  });

  it('leaves no widow or orphan: a split paragraph has at least two lines on each side', () => {
    const chunks = new Map<string, LineBox[]>();
    for (const l of bodyLines()) {
      const key = `${l.page}/${l.column}/${l.group}`;
      chunks.set(key, [...(chunks.get(key) ?? []), l]);
    }
    for (const lines of chunks.values()) {
      const { count } = lines[0];
      if (count > 1 && lines.length < count) expect(lines.length, lines.map((l) => l.text).join(' / ')).toBeGreaterThanOrEqual(2);
    }
  });

  it('keeps each heading with at least two lines of what follows', () => {
    const all = bodyLines();
    all.forEach((l, i) => {
      if (!l.keepWithNext || l.idx !== l.count - 1) return;
      const next = all.slice(i + 1, i + 3);
      expect(next.length).toBe(2);
      for (const n of next) expect([n.page, n.column], `after heading ${l.text}`).toEqual([l.page, l.column]);
    });
  });

  it('never hyphenates more than two lines in a row', () => {
    let run = 0;
    for (const l of bodyLines()) {
      run = l.hyphenated ? run + 1 : 0;
      expect(run, l.text).toBeLessThanOrEqual(2);
    }
  });

  it('places every word of each article exactly once, in order', () => {
    for (const article of issue.articles) {
      const range = layout.articlePages.get(article.slug)!;
      const items = layout.pages
        .filter((p) => p.folio >= range.first && p.folio <= range.last)
        .flatMap((p) => p.items.filter((i): i is TextItem => i.kind === 'text' && !i.artifact));
      const placed = normWords(placedText(items));
      const ref = manuscriptWords(article.source);
      expect(inOrderShare(ref, placed).missing).toEqual([]);
      // What is placed beyond the manuscript's words is the formatted citations and the reference list.
      const cites: string[] = [];
      const walk = (nodes: Inline[]) => nodes.forEach((n) => (n.type === 'citation' ? cites.push(plain(n.children)) : 'children' in n ? walk(n.children) : undefined));
      article.body.forEach((b) => 'children' in b && Array.isArray(b.children) && b.type !== 'blockquote' && walk(b.children as Inline[]));
      article.body.forEach((b) => b.type === 'list' && b.items.forEach((it) => it.children.forEach((c) => c.type === 'paragraph' && walk(c.children))));
      const extra = normWords([...cites, article.bibliography.heading, ...article.bibliography.entries.map((e) => `${e.label} ${plain(e.children)}`)].join(' '));
      expect(placed.length).toBe(ref.length + extra.length);
    }
  });

  it('starts each article on a recto page with its title block and no running head', () => {
    for (const [, { first }] of layout.articlePages) {
      expect(first % 2).toBe(1);
      const page = layout.pages[first - 1];
      const frame = textFrame(t, first);
      const aboveText = page.items.filter((i) => i.kind === 'text' && i.y < frame.y);
      expect(aboveText).toEqual([]);
    }
  });

  it('puts running heads on the following pages: journal on versos, authors on rectos', () => {
    const [en] = issue.articles;
    const { first, last } = layout.articlePages.get(en.slug)!;
    expect(last).toBeGreaterThan(first);
    const heads = (folio: number) =>
      layout.pages[folio - 1].items.filter((i): i is TextItem => i.kind === 'text' && !!i.artifact && i.y < textFrame(t, folio).y).map((i) => i.text).join(' ');
    expect(heads(first + 1)).toContain(issue.journal.title);
    expect(heads(first + 1)).toContain(String(first + 1));
  });
});

describe('monograph template', () => {
  it('sets one column on B5 with the same content', async () => {
    const { layout } = await laidOut('monograph');
    expect(layout.pages[0].width).toBeCloseTo((176 * 72) / 25.4, 1);
    expect(layout.pages[0].height).toBeCloseTo((250 * 72) / 25.4, 1);
    const columns = new Set(layout.pages.flatMap((p) => p.lines.filter((l) => l.column >= 0).map((l) => l.column)));
    expect([...columns]).toEqual([0]);
  });
});
