/**
 * The figure transform of the parse stage: an image becomes a figure block whose caption is
 * its alt text parsed as Markdown, at the alt text's own positions; pandoc attributes after
 * an image or a heading; table captions before or after their table; an image followed by
 * a text line is a figure and a paragraph, never an error.
 */
import type { Heading, Paragraph, RootContent } from 'mdast';
import { describe, expect, it } from 'vitest';
import type { Figure, TableCaption } from '../../src/manuscript/figure/index.js';
import { parseAttributeList } from '../../src/manuscript/figure/index.js';
import { parseMarkdown } from '../../src/manuscript/parse.js';

const at = (n: { position?: { start: { line: number; column: number } } }) => `${n.position?.start.line}:${n.position?.start.column}`;

describe('figures in the parse stage', () => {
  it('parses the caption as Markdown, positions pointing into the alt text', () => {
    const md = 'Text.\n\n![A *big* `code` caption [@key, p. 3] here](fig.png)\n';
    const [, fig] = parseMarkdown(md).children as [RootContent, Figure];
    expect(fig.type).toBe('figure');
    expect(fig.url).toBe('fig.png');
    expect(fig.children.map((c) => c.type)).toEqual(['text', 'emphasis', 'text', 'inlineCode', 'text', 'citation', 'text']);
    const cite = fig.children[5];
    if (cite.type !== 'citation') throw new Error('no citation');
    expect(cite.items[0]).toMatchObject({ key: 'key', locator: '3' });
    // Line 3, the `@` at column 27 of the source line.
    expect(`${cite.items[0].position.start.line}:${cite.items[0].position.start.column}`).toBe('3:27');
    expect(at(fig.children[1])).toBe('3:5');
  });

  it('keeps positions right for a caption that runs over two lines', () => {
    const md = '![First line\nsecond *line*](fig.png)\n';
    const [fig] = parseMarkdown(md).children as [Figure];
    const em = fig.children.find((c) => c.type === 'emphasis')!;
    expect(at(em)).toBe('2:8');
  });

  it('reads pandoc attributes right after the image, and the attributes of headings', () => {
    const md = '![Cap](a.png){#fig:a width=60% .wide height="3 cm"}\n\n# Methods {#sec:methods}\n';
    const [fig, h] = parseMarkdown(md).children as [Figure, Heading];
    expect(fig.attributes).toMatchObject({ id: 'fig:a', classes: ['wide'], keyValues: { width: '60%', height: '3 cm' } });
    expect(h.children).toEqual([expect.objectContaining({ type: 'text', value: 'Methods' })]);
    expect(h.data?.attributes?.id).toBe('sec:methods');
  });

  it('makes an image followed by a text line a figure and a paragraph', () => {
    const md = '![Cap](a.png){width=100%}\nThe text goes on.\n';
    const [fig, p] = parseMarkdown(md).children as [Figure, Paragraph];
    expect(fig.type).toBe('figure');
    expect(fig.attributes?.keyValues.width).toBe('100%');
    expect(p.type).toBe('paragraph');
    expect(p.children).toEqual([expect.objectContaining({ type: 'text', value: 'The text goes on.' })]);
    expect(at(p.children[0])).toBe('2:1');
  });

  it('takes `Table:` before and `:` after a table as its caption, placed before it', () => {
    const md = 'Table: Before {#tbl:a}\n\n| a |\n|---|\n| 1 |\n\n| b |\n|---|\n| 2 |\n\n: After *it* {#tbl:b}\n';
    const nodes = parseMarkdown(md).children;
    expect(nodes.map((n) => n.type)).toEqual(['tableCaption', 'table', 'tableCaption', 'table']);
    const [a, , b] = nodes as [TableCaption, RootContent, TableCaption];
    expect(a.attributes?.id).toBe('tbl:a');
    expect(a.children).toEqual([expect.objectContaining({ value: 'Before' })]);
    expect(b.attributes?.id).toBe('tbl:b');
    expect(b.children.map((c) => c.type)).toEqual(['text', 'emphasis']);
    expect(at(b.children[0])).toBe('11:3');
  });

  it('leaves a paragraph that only looks like an attribute list alone', () => {
    expect(parseAttributeList('not an attribute list')).toBeNull();
    expect(parseAttributeList('#id .c k=v')).toEqual({ id: 'id', classes: ['c'], keyValues: { k: 'v' } });
  });
});

describe('captions and the rest of the manuscript', () => {
  it('sees the footnotes and link references the manuscript defines', () => {
    const md = '![A caption with a note[^n] and a [link][site].](fig.png)\n\n[^n]: The note.\n\n[site]: https://example.org\n';
    const [fig] = parseMarkdown(md).children as [Figure];
    expect(fig.children.map((c) => c.type)).toEqual(['text', 'footnoteReference', 'text', 'linkReference', 'text']);
  });
});
