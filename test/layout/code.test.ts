/**
 * Code as a reader sees it: set in the template's mono faces with every space (indentation
 * as x offsets, blank lines as line steps), never justified, a long line wrapped with a
 * continuation mark inside its column, tokens coloured from the template's palette. The
 * fixtures are test/fixtures/code (the JOSS Melodie paper and snippets of our own).
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { codeStyle, type Template } from '../../src/config/template.js';
import type { CodeBlock, Issue } from '../../src/document/model.js';
import { codeLines, expandTabs, fenceLanguage, loadHighlighter, wantsHighlighter, type Highlighter } from '../../src/document/resolve/highlight.js';
import { columnWidth, columnX, textFrame } from '../../src/layout/pages/geometry.js';
import type { LayoutResult, PositionedPage, TextItem } from '../../src/layout/types.js';
import { laidOut } from '../helpers/layout.js';

const ROOT = path.resolve(__dirname, '../fixtures/code');

describe('code blocks on the page', () => {
  let issue: Issue;
  let t: Template;
  let layout: LayoutResult;
  beforeAll(async () => {
    ({ issue, t, layout } = await laidOut(ROOT));
  });

  /** The text of code blocks (inline code is in its paragraph's structure element). */
  const mono = (p: PositionedPage) => p.items.filter((i): i is TextItem => i.kind === 'text' && layout.structure[i.struct]?.role === 'Code');
  const all = () => layout.pages.flatMap((p) => mono(p).map((item) => ({ page: p, item })));
  /** The code line (items sharing a baseline) whose text starts with `start`, after its indentation. */
  const line = (start: string) => {
    for (const p of layout.pages) {
      // By baseline and column: the two columns share baselines.
      const second = columnX(t, textFrame(t, p.folio), 1) - 0.01;
      const byY = new Map<string, TextItem[]>();
      for (const i of mono(p)) {
        const key = `${i.y}:${i.x >= second ? 1 : 0}`;
        byY.set(key, [...(byY.get(key) ?? []), i]);
      }
      for (const items of byY.values()) {
        const y = items[0].y;
        items.sort((a, b) => a.x - b.x);
        const text = items.map((i) => i.text).join('');
        if (text.trimStart().startsWith(start)) return { page: p, y, items, text };
      }
    }
    throw new Error(`no code line starting ${start}`);
  };
  const advance = () => {
    const i = all().find(({ item }) => item.face === 'mono' && item.text.length > 3)!.item;
    return i.width / [...i.text].length;
  };

  it('sets code in IBM Plex Mono, a little smaller than the body', () => {
    expect(t.fonts.mono).toMatch(/IBMPlexMono_400Regular\.ttf$/);
    const size = codeStyle(t).size;
    expect(size / t.styles.body.size).toBeGreaterThanOrEqual(0.85);
    expect(size / t.styles.body.size).toBeLessThanOrEqual(0.9);
    expect(all().length).toBeGreaterThan(50);
  });

  it('keeps the indentation as space glyphs and x offsets', () => {
    const cw = advance();
    const def = line('def total(values):');
    const loop = line('for v in values:');
    const body = line('if v > 0:');
    const inner = line('s += v');
    expect(loop.text).toBe('    for v in values:');
    expect(body.text).toBe('        if v > 0:');
    expect(inner.text).toBe('            s += v');
    const left = def.items[0].x;
    // The first visible glyph of each line sits 4, 8, 12 advances in.
    const firstInk = (l: ReturnType<typeof line>) => {
      const it = l.items.find((i) => i.text.trim() !== '')!;
      return it.x + (it.text.length - it.text.trimStart().length) * cw;
    };
    expect(firstInk(loop) - left).toBeCloseTo(4 * cw, 2);
    expect(firstInk(body) - left).toBeCloseTo(8 * cw, 2);
    expect(firstInk(inner) - left).toBeCloseTo(12 * cw, 2);
    // Melodie's call: the arguments are indented 9 spaces under `simulator`, as written.
    const call = line('simulator = Simulator(');
    const arg = line('config = config,');
    expect(firstInk(arg) - firstInk(call)).toBeCloseTo(5 * cw, 2);
  });

  it('expands tabs to stops of four', () => {
    expect(line('n += 1').text).toBe('        n += 1');
    expect(line('return n').text).toBe('    return n');
    expect(expandTabs('a\tb\t\tc', 4)).toBe('a   b       c');
  });

  it('keeps blank lines, two in a row included', () => {
    const before = line('s += v');
    const after = line('return s');
    expect(after.page).toBe(before.page);
    expect(after.y - before.y).toBeCloseTo(3 * codeStyle(t).leading, 3);
  });

  it('never justifies, expands or hyphenates code', () => {
    const cw = advance();
    for (const { item } of all()) {
      expect(item.scale ?? 1).toBe(1);
      if (!item.artifact && item.face.startsWith('mono')) expect(item.width).toBeCloseTo([...item.text].length * cw, 3);
    }
    // Items of a line are contiguous: no stretched space between tokens.
    const l = line('for v in values:');
    for (let i = 1; i < l.items.length; i++) expect(l.items[i].x).toBeCloseTo(l.items[i - 1].x + l.items[i - 1].width, 3);
    expect(all().some(({ item }) => item.text.endsWith('-') && !item.text.endsWith('--'))).toBe(false);
  });

  it('wraps a line too long for the measure, with a continuation mark, inside the column', () => {
    const w = columnWidth(t);
    const marks = all().filter(({ item }) => item.text === t.code.continuation);
    expect(marks.length).toBeGreaterThanOrEqual(4);
    for (const { item } of marks) expect(item.artifact).toBe(true);
    // At a space when one is near the end: "fourth," ends a piece and "fifth);" starts the next.
    expect(line('↪fifth);').items.find((i) => i.text === t.code.continuation)).toBeDefined();
    // At a character otherwise, and the pieces still join to the source line.
    const url = 'const u = "https://example.org/a/very/long/path/without/any/spaces/in/it/at/all/whatsoever/index.html";';
    const start = line('const u =');
    const left = start.items[0].x;
    const pieces = mono(start.page).filter((i) => i.y >= start.y && i.y <= start.y + 3 * codeStyle(t).leading + 0.01 && !i.artifact && i.x >= left - 0.01 && i.x < left + w);
    const joined = [...new Set(pieces.map((i) => i.y))].sort((a, b) => a - b).map((y) => pieces.filter((i) => i.y === y).sort((a, b) => a.x - b.x).map((i) => i.text).join('')).join('');
    expect(joined.startsWith(url)).toBe(true);
    // Continuations hang indented past the mark.
    for (const { item } of marks) expect(item.x).toBeGreaterThanOrEqual(start.items[0].x - 0.01);
    // Nothing leaves its column.
    for (const { page, item } of all()) {
      const colLeft = [0, 1].map((c) => columnX(t, textFrame(t, page.folio), c));
      const col = item.x >= colLeft[1] - 0.01 ? 1 : 0;
      expect(item.x + item.width, item.text).toBeLessThanOrEqual(colLeft[col] + w + 0.01);
    }
  });

  it('keeps a short block together in one column', () => {
    const first = line('def total(values):');
    const last = line('return s');
    expect(last.page).toBe(first.page);
    expect(Math.abs(last.items[0].x - first.items[0].x)).toBeLessThan(1);
  });

  it('breaks a long listing between columns: never one line alone, never a blank line first', () => {
    const firstStep = line('def step_1(state):');
    const lastStep = line('def step_15(state):');
    expect(firstStep.page.folio === lastStep.page.folio && Math.abs(firstStep.items[0].x - lastStep.items[0].x) < 1).toBe(false);
    const code = (p: PositionedPage) => p.lines.filter((l) => l.group === p.lines.find((x) => /^def\s+step_/.test(x.text))?.group);
    let pieces = 0;
    for (const p of layout.pages) {
      for (const col of [0, 1]) {
        const ls = code(p).filter((l) => l.column === col);
        if (!ls.length) continue;
        pieces++;
        // Neither a widow nor an orphan: each piece of the listing has two lines at least.
        expect(ls.length).toBeGreaterThanOrEqual(2);
        if (ls[0].idx > 0) expect(ls[0].text).not.toBe('');
      }
    }
    expect(pieces).toBeGreaterThanOrEqual(2);
  });

  it('colours tokens from the template palette: a Python keyword bold and coloured, a comment italic', () => {
    const def = line('def total(values):').items.find((i) => i.text === 'def')!;
    expect(def.face).toBe('monoBold');
    expect(def.color).toBe(t.code.palette.keyword.color);
    const comment = line('# sum the positive ones').items.find((i) => i.text.startsWith('#'))!;
    expect(comment.face).toBe('monoItalic');
    expect(comment.color).toBe(t.code.palette.comment.color);
    // Unknown language: plain black regular text.
    const plain = line("qaStaH nuq?");
    expect(plain.items.every((i) => i.face === 'mono' && i.color === undefined)).toBe(true);
    // Kazakh in code is set in the mono face too.
    expect(line('сәлем = "Қош келдіңіз"').items.every((i) => i.face.startsWith('mono'))).toBe(true);
    // Greek, which IBM Plex Mono lacks, falls back to the text face; the rest stays mono.
    const greek = line('σ = 0.5');
    expect(greek.items.find((i) => i.text === 'σ')?.face).toBe('regular');
    expect(greek.items.find((i) => i.text.includes('0.5'))?.face.startsWith('mono')).toBe(true);
    const inlineGreek = layout.pages.flatMap((p) => p.items).filter((i): i is TextItem => i.kind === 'text' && i.text.includes('λ') && layout.structure[i.struct]?.role !== 'Code');
    expect(inlineGreek.map((i) => i.face)).toEqual(['regular']);
  });

  it('sets inline code in the mono face at the code share of its text', () => {
    const inline = layout.pages.flatMap((p) => p.items).filter((i): i is TextItem => i.kind === 'text' && i.face === 'mono' && i.text.includes('simulator.run'));
    expect(inline.length).toBeGreaterThan(0);
    expect(inline[0].size).toBeCloseTo(t.styles.body.size * (codeStyle(t).size / t.styles.body.size), 5);
  });

  it('tags code blocks as Code', () => {
    const def = line('def total(values):').items[0];
    expect(layout.structure[def.struct].role).toBe('Code');
  });

  it('carries the tokens in the model, tokenized once in resolve', () => {
    const code = issue.articles[1].body.filter((b): b is CodeBlock => b.type === 'code');
    expect(code[0].lang).toBe('python');
    expect(code[0].lines[0][0]).toEqual({ text: 'def', token: 'keyword' });
    expect(code[0].lines.map((l) => l.map((x) => x.text).join(''))).toEqual(code[0].value.split('\n'));
    const klingon = code.find((b) => b.lang === 'klingon')!;
    expect(klingon.lines).toEqual([[{ text: klingon.value }]]);
  });
});

describe('the highlighter', () => {
  let hl: Highlighter;
  beforeAll(async () => {
    hl = await loadHighlighter();
  });

  it('is loaded only for an issue with a fence that names a language', () => {
    expect(wantsHighlighter('Text with `code`.\n\n```\nplain\n```\n')).toBe(false);
    expect(wantsHighlighter('```python\nx\n```')).toBe(true);
    expect(wantsHighlighter('- item\n\n      ~~~ {.julia}\n      x\n      ~~~')).toBe(true);
    expect(wantsHighlighter('> ```r\n> x\n> ```')).toBe(true);
  });

  it('reads the language from every fence form', () => {
    expect(fenceLanguage('Python')).toBe('python');
    expect(fenceLanguage('{.python', '.numberLines}')).toBe('python');
    expect(fenceLanguage('', null)).toBeUndefined();
  });

  it('knows the common languages of papers and their usual names', () => {
    for (const lang of ['python', 'py', 'javascript', 'js', 'typescript', 'ts', 'bash', 'sh', 'shell', 'c', 'cpp', 'r', 'julia', 'json', 'yaml', 'yml', 'xml', 'html', 'latex', 'tex', 'sql', 'rust', 'go', 'java', 'fortran', 'matlab', 'markdown', 'plaintext']) {
      expect(hl.highlight(lang, 'x'), lang).not.toBeNull();
    }
    expect(hl.highlight('klingon', 'x')).toBeNull();
  });

  it('classes a keyword, a string, a number and a comment', () => {
    const tokens = codeLines('if x == "a": # c\n    y = 1', 'python', 4, hl).flat();
    const token = (text: string) => tokens.find((t) => t.text === text)?.token;
    expect(token('if')).toBe('keyword');
    expect(token('"a"')).toBe('string');
    expect(token('1')).toBe('number');
    expect(token('# c')).toBe('comment');
    expect(codeLines('def f(): pass', 'python', 4, hl)[0].find((t) => t.text === 'f')?.token).toBe('title.function');
  });

  it('leaves an unknown language, or none, plain, and keeps blank lines', () => {
    expect(codeLines('a\n\n\tb', 'klingon', 4, hl)).toEqual([[{ text: 'a' }], [], [{ text: '    b' }]]);
    expect(codeLines('a', undefined, 4, hl)).toEqual([[{ text: 'a' }]]);
    // Controls have no glyph: dropped, tabs and newlines kept.
    expect(codeLines('a\u0001b\u000c\n\tc\u007f', undefined, 4, hl)).toEqual([[{ text: 'ab' }], [{ text: '    c' }]]);
  });
});
