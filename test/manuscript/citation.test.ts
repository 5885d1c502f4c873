import type { Nodes, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { toMarkdown } from 'mdast-util-to-markdown';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import {
  citationFromMarkdown,
  citationSyntax,
  citationToMarkdown,
  remarkCitations,
  splitLocator,
  type Citation,
  type CitationItem,
} from '../../src/manuscript/citation/index.js';

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkCitations);

function parse(markdown: string): Root {
  return processor.runSync(processor.parse(markdown)) as Root;
}

function citations(markdown: string): Citation[] {
  const found: Citation[] = [];
  visit(parse(markdown), 'citation', (node: Citation) => {
    found.push(node);
  });
  return found;
}

function only(markdown: string): Citation {
  const found = citations(markdown);
  expect(found).toHaveLength(1);
  return found[0];
}

/** Items without positions, for compact expectations. */
function items(citation: Citation): Array<Omit<CitationItem, 'position'>> {
  return citation.items.map(({ position: _position, ...rest }) => rest);
}

function item(fields: Partial<CitationItem> & { key: string }): Omit<CitationItem, 'position'> {
  return { prefix: '', suffix: '', suppressAuthor: false, ...fields };
}

/** Start and end (line:column) of each item's `@key`. */
function spans(citation: Citation): string[] {
  return citation.items.map(
    ({ position: { start, end } }) => `${start.line}:${start.column}-${end.line}:${end.column}`,
  );
}

/** Types of the phrasing nodes of the first paragraph-like parent. */
function childTypes(markdown: string): string[] {
  const tree = parse(markdown);
  const first = tree.children[0];
  if (!first || !('children' in first)) throw new Error('no children');
  return (first.children as Nodes[]).map((node) => node.type);
}

describe('parenthetical citations', () => {
  it('parses a single key', () => {
    const citation = only('[@key]');
    expect(citation.mode).toBe('parenthetical');
    expect(items(citation)).toEqual([item({ key: 'key' })]);
    expect(citation.position).toMatchObject({ start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 7, offset: 6 } });
    expect(citation.items[0].position).toEqual({
      start: { line: 1, column: 2, offset: 1 },
      end: { line: 1, column: 6, offset: 5 },
    });
  });

  it('parses several items', () => {
    const citation = only('Text [@a; @b].');
    expect(items(citation)).toEqual([item({ key: 'a' }), item({ key: 'b' })]);
    expect(spans(citation)).toEqual(['1:7-1:9', '1:11-1:13']);
  });

  it.each([
    ['[@key, p. 3]', { locator: '3', label: 'page' }],
    ['[@key, pp. 3–5]', { locator: '3–5', label: 'page' }],
    ['[@key, 33]', { locator: '33', label: 'page' }],
    ['[@key, 33, 35]', { locator: '33, 35', label: 'page' }],
    ['[@key p. 3]', { locator: '3', label: 'page' }],
    ['[@key, p.3]', { locator: '3', label: 'page' }],
    ['[@key, ch. 2]', { locator: '2', label: 'chapter' }],
    ['[@key, chapters 2-3]', { locator: '2-3', label: 'chapter' }],
    ['[@key, sec. 4.2]', { locator: '4.2', label: 'section' }],
    ['[@key, § 4]', { locator: '4', label: 'section' }],
    ['[@key, fig. 2b]', { locator: '2b', label: 'figure' }],
    ['[@key, vol. IV]', { locator: 'IV', label: 'volume' }],
    ['[@key, no. 7]', { locator: '7', label: 'issue' }],
    ['[@key, para. 12]', { locator: '12', label: 'paragraph' }],
    ['[@key, ll. 10–12]', { locator: '10–12', label: 'line' }],
    ['[@key, n. 4]', { locator: '4', label: 'note' }],
    ['[@key, vv. 1-3]', { locator: '1-3', label: 'verse' }],
    ['[@key, bk. 2]', { locator: '2', label: 'book' }],
    ['[@key, pt. 1]', { locator: '1', label: 'part' }],
    ['[@key, col. 5]', { locator: '5', label: 'column' }],
    ['[@key, fol. 12r]', { locator: '12r', label: 'folio' }],
    ['[@key, op. 27]', { locator: '27', label: 'opus' }],
    ['[@key, s.v. liberty]', { locator: 'liberty', label: 'sub verbo' }],
    ['[@key, tbl. 3]', { locator: '3', label: 'table' }],
    ['[@key, eq. 12]', { locator: '12', label: 'equation' }],
    ['[@key, pp. xii–xiv]', { locator: 'xii–xiv', label: 'page' }],
    ['[@key, {pp. iv, vi-xi, (xv)-(xvii)} with suffix here]', { locator: 'iv, vi-xi, (xv)-(xvii)', label: 'page', suffix: 'with suffix here' }],
  ])('reads the locator in %s', (markdown, expected) => {
    expect(items(only(markdown))).toEqual([item({ key: 'key', ...expected })]);
  });

  it('keeps the suffix after the locator', () => {
    expect(items(only('[@key, p. 3, emphasis added]'))).toEqual([
      item({ key: 'key', locator: '3', label: 'page', suffix: 'emphasis added' }),
    ]);
  });

  it('ends the locator at the first comma not followed by a locator (Pandoc rule)', () => {
    expect(items(only('[@key, pp. 33, 35-37, and nowhere else]'))).toEqual([
      item({ key: 'key', locator: '33, 35-37', label: 'page', suffix: 'and nowhere else' }),
    ]);
  });

  it('keeps a suffix without locator', () => {
    expect(items(only('[@key, emphasis added]'))).toEqual([item({ key: 'key', suffix: 'emphasis added' })]);
    // A label with no number after it is no locator.
    expect(items(only('[@key, table of contents]'))).toEqual([item({ key: 'key', suffix: 'table of contents' })]);
  });

  it('parses prefixes, per-item locators and suffixes', () => {
    const citation = only('[see @key, ch. 2]');
    expect(items(citation)).toEqual([item({ key: 'key', prefix: 'see', locator: '2', label: 'chapter' })]);
    expect(spans(citation)).toEqual(['1:6-1:10']);

    const many = only('As argued [see @a, p. 3; also @b, ch. 1].');
    expect(items(many)).toEqual([
      item({ key: 'a', prefix: 'see', locator: '3', label: 'page' }),
      item({ key: 'b', prefix: 'also', locator: '1', label: 'chapter' }),
    ]);
    expect(spans(many)).toEqual(['1:16-1:18', '1:31-1:33']);
  });

  it('suppresses the author with -@', () => {
    const citation = only('Smith says [-@smith04].');
    expect(items(citation)).toEqual([item({ key: 'smith04', suppressAuthor: true })]);
    // The item position starts at the `@`, after the `-`.
    expect(spans(citation)).toEqual(['1:14-1:22']);

    expect(items(only('[see -@a, p. 3; @b]'))).toEqual([
      item({ key: 'a', prefix: 'see', suppressAuthor: true, locator: '3', label: 'page' }),
      item({ key: 'b' }),
    ]);
  });

  it('reads keys with internal punctuation, Unicode letters and braces', () => {
    expect(items(only('[@doe:2020.a#b$c%d&e-f+g?h<i>j~k/l_m]'))).toEqual([item({ key: 'doe:2020.a#b$c%d&e-f+g?h<i>j~k/l_m' })]);
    expect(items(only('[@Иванов2020]'))).toEqual([item({ key: 'Иванов2020' })]);
    const braced = only('[@{ISBN 0-2,3}, p. 5]');
    expect(items(braced)).toEqual([item({ key: 'ISBN 0-2,3', locator: '5', label: 'page' })]);
    // The item span covers the braces.
    expect(spans(braced)).toEqual(['1:2-1:15']);
  });

  it('keeps prefix and suffix as Markdown source', () => {
    expect(items(only('[*see* @a, p. 3, `code; ]` added]'))).toEqual([
      item({ key: 'a', prefix: '*see*', locator: '3', label: 'page', suffix: '`code; ]` added' }),
    ]);
  });

  it('may span lines', () => {
    const citation = only('Text [see\n@a, p. 3;\n@b].');
    expect(items(citation)).toEqual([item({ key: 'a', prefix: 'see', locator: '3', label: 'page' }), item({ key: 'b' })]);
    expect(spans(citation)).toEqual(['2:1-2:3', '3:1-3:3']);
  });
});

describe('narrative citations', () => {
  it('parses a bare key', () => {
    const citation = only('@smith04 says blah.');
    expect(citation.mode).toBe('narrative');
    expect(items(citation)).toEqual([item({ key: 'smith04' })]);
    expect(citation.position).toMatchObject({ start: { line: 1, column: 1 }, end: { line: 1, column: 9 } });
  });

  it('does not take sentence punctuation into the key', () => {
    const citation = only('As shown by @key.');
    expect(items(citation)).toEqual([item({ key: 'key' })]);
    expect(spans(citation)).toEqual(['1:13-1:17']);
    expect(items(only('See @doe.2020, again'))).toEqual([item({ key: 'doe.2020' })]);
    expect(items(only('(@key)'))).toEqual([item({ key: 'key' })]);
  });

  it('takes a bracketed locator after the key', () => {
    const citation = only('@key [p. 3] says so.');
    expect(items(citation)).toEqual([item({ key: 'key', locator: '3', label: 'page' })]);
    expect(citation.position).toMatchObject({ start: { column: 1 }, end: { column: 12 } });
    expect(spans(citation)).toEqual(['1:1-1:5']);
  });

  it('takes further items in the bracket', () => {
    const citation = only('@a [ch. 2; see @b] says so.');
    expect(citation.mode).toBe('narrative');
    expect(items(citation)).toEqual([
      item({ key: 'a', locator: '2', label: 'chapter' }),
      item({ key: 'b', prefix: 'see' }),
    ]);
  });

  it('leaves a following citation bracket alone', () => {
    const found = citations('@a [@b]');
    expect(found.map((c) => c.mode)).toEqual(['narrative', 'parenthetical']);
    expect(found.map((c) => c.items[0].key)).toEqual(['a', 'b']);
  });

  it('keeps a following footnote call', () => {
    expect(childTypes('@a [^1]\n\n[^1]: Note.')).toEqual(['citation', 'text', 'footnoteReference']);
  });

  it('parses braced keys', () => {
    expect(items(only('@{ISBN 0-2,3} shows'))).toEqual([item({ key: 'ISBN 0-2,3' })]);
  });
});

describe('not citations', () => {
  it.each([
    ['an e-mail address', 'Write to name@example.com today.'],
    ['an e-mail address after Cyrillic', 'Иванов@МГУ'],
    ['an escaped at sign', 'An \\@key here.'],
    ['an escaped at sign in brackets', 'See [\\@key].'],
    ['an empty key', 'See [@].'],
    ['a lone at sign', 'Meet @ noon, or @.'],
    ['ordinary brackets', 'Some [bracketed text] here.'],
    ['a code span', 'Use `[@key]` or `@key`.'],
  ])('%s', (_name, markdown) => {
    expect(citations(markdown)).toEqual([]);
  });

  it('needs a key in every item of a bracket', () => {
    // Pandoc: `[foo; @bar]` is no cluster; `@bar` alone is still a narrative citation.
    expect(citations('See [foo; @bar].').map((c) => c.mode)).toEqual(['narrative']);
  });

  it('leaves link references alone', () => {
    const tree = parse('See [text][ref] and [@handle][ref].\n\n[ref]: https://example.com');
    const paragraph = tree.children[0];
    expect(paragraph.type).toBe('paragraph');
    const types: string[] = [];
    visit(paragraph, (node) => {
      types.push(node.type);
    });
    expect(types.filter((type) => type === 'linkReference')).toHaveLength(2);
  });

  it('leaves normal links and footnote calls alone', () => {
    const tree = parse('A [link](https://example.com) and a note[^1] and [@a].\n\n[^1]: Note.');
    const paragraph = tree.children[0];
    if (paragraph.type !== 'paragraph') throw new Error('expected a paragraph');
    expect(paragraph.children.map((node) => node.type)).toEqual([
      'text',
      'link',
      'text',
      'footnoteReference',
      'text',
      'citation',
      'text',
    ]);
    expect(paragraph.children[1]).toMatchObject({ type: 'link', url: 'https://example.com', children: [{ type: 'text', value: 'link' }] });
    expect(paragraph.children[3]).toMatchObject({ type: 'footnoteReference', identifier: '1' });
  });

  it('keeps a bracket followed by a URL a link', () => {
    const tree = parse('[see @a](https://example.com)');
    const paragraph = tree.children[0];
    if (paragraph.type !== 'paragraph') throw new Error('expected a paragraph');
    expect(paragraph.children[0]).toMatchObject({ type: 'link', url: 'https://example.com' });
  });

  it('keeps a citation followed by a footnote call', () => {
    expect(childTypes('[@a][^1]\n\n[^1]: Note.')).toEqual(['citation', 'footnoteReference']);
  });
});

describe('Kazakh and Russian', () => {
  it('reads Kazakh labels and positions after Cyrillic text', () => {
    const markdown = 'Бұл мәселені ғалымдар бұрын да қарастырған [@key, б. 5].\nКейінгі зерттеулерде [@other, тарау 3; @third, 12-бет] жалғасты.';
    const [first, second] = citations(markdown);
    expect(items(first)).toEqual([item({ key: 'key', locator: '5', label: 'page' })]);
    // Columns count characters, not UTF-8 bytes.
    expect(spans(first)).toEqual(['1:45-1:49']);
    expect(first.items[0].position.start.offset).toBe(markdown.indexOf('@key'));
    expect(items(second)).toEqual([
      item({ key: 'other', locator: '3', label: 'chapter' }),
      item({ key: 'third', locator: '12-бет', label: 'page' }),
    ]);
    expect(spans(second)).toEqual(['2:23-2:29', '2:40-2:46']);
  });

  it.each([
    ['бб. 5–7', 'page', '5–7'],
    ['бет 5', 'page', '5'],
    ['т. 2', 'volume', '2'],
    ['том 2', 'volume', '2'],
    ['тар. 4', 'chapter', '4'],
    ['бөлім 1.2', 'section', '1.2'],
    ['№ 3', 'issue', '3'],
    ['№3', 'issue', '3'],
    ['сур. 7', 'figure', '7'],
    ['кесте 2', 'table', '2'],
  ])('Kazakh %s', (locatorText, label, locator) => {
    expect(items(only(`[@key, ${locatorText}]`))).toEqual([item({ key: 'key', locator, label })]);
  });

  it('reads Russian labels', () => {
    const markdown = 'Как отмечал Иванов [@ivanov, с. 81; @other].';
    const citation = only(markdown);
    expect(items(citation)).toEqual([item({ key: 'ivanov', locator: '81', label: 'page' }), item({ key: 'other' })]);
    expect(spans(citation)).toEqual(['1:21-1:28', '1:37-1:43']);
  });

  it.each([
    ['стр. 81', 'page', '81'],
    ['сс. 10–12', 'page', '10–12'],
    ['т. 3', 'volume', '3'],
    ['гл. 5', 'chapter', '5'],
    ['разд. 2', 'section', '2'],
    ['вып. 4', 'issue', '4'],
    ['рис. 1', 'figure', '1'],
    ['табл. 6', 'table', '6'],
    ['ч. 2', 'part', '2'],
    ['абз. 3', 'paragraph', '3'],
    ['Глава 1', 'chapter', '1'],
  ])('Russian %s', (locatorText, label, locator) => {
    expect(items(only(`[@key, ${locatorText}]`))).toEqual([item({ key: 'key', locator, label })]);
  });

  it('reads Cyrillic prefixes and suffixes', () => {
    expect(items(only('[см. @ivanov, т. 2, с. 81]'))).toEqual([
      item({ key: 'ivanov', prefix: 'см.', locator: '2', label: 'volume', suffix: 'с. 81' }),
    ]);
  });
});

describe('inside other constructs', () => {
  it('works inside emphasis and strong', () => {
    const tree = parse('*as in [@a, p. 3]* and **@b [ch. 1]**');
    const paragraph = tree.children[0];
    if (paragraph.type !== 'paragraph') throw new Error('expected a paragraph');
    expect(paragraph.children[0]).toMatchObject({ type: 'emphasis', children: [{ type: 'text' }, { type: 'citation', mode: 'parenthetical' }] });
    expect(paragraph.children[2]).toMatchObject({ type: 'strong', children: [{ type: 'citation', mode: 'narrative' }] });
    expect(citations('*as in [@a, p. 3]* and **@b [ch. 1]**').flatMap(spans)).toEqual(['1:9-1:11', '1:26-1:28']);
  });

  it('works in list items and block quotes, with exact columns', () => {
    const found = citations('- first [@a]\n  continued @b\n\n> quoted [see\n> @c, p. 4]');
    expect(found.map((c) => c.items[0].key)).toEqual(['a', 'b', 'c']);
    expect(found.flatMap(spans)).toEqual(['1:10-1:12', '2:13-2:15', '5:3-5:5']);
    expect(found[2].items[0]).toMatchObject({ prefix: 'see', locator: '4', label: 'page' });
  });

  it('works in footnote definitions', () => {
    const tree = parse('Text.[^1]\n\n[^1]: As shown in [@key, pp. 3–5].');
    const definition = tree.children[1];
    expect(definition.type).toBe('footnoteDefinition');
    const found: Citation[] = [];
    visit(definition, 'citation', (node: Citation) => {
      found.push(node);
    });
    expect(found).toHaveLength(1);
    expect(items(found[0])).toEqual([item({ key: 'key', locator: '3–5', label: 'page' })]);
    expect(spans(found[0])).toEqual(['3:20-3:24']);
    expect(childTypes('Text.[^1]\n\n[^1]: Note.')).toEqual(['text', 'footnoteReference']);
  });

  it('works in GFM table cells', () => {
    const tree = parse('| Claim | Source |\n| --- | --- |\n| one | [@a, fig. 2] |\n| two | @b [tbl. 1]; [@c; @d] |');
    expect(tree.children[0].type).toBe('table');
    const found: Citation[] = [];
    visit(tree, 'citation', (node: Citation) => {
      found.push(node);
    });
    expect(found.map(items)).toEqual([
      [item({ key: 'a', locator: '2', label: 'figure' })],
      [item({ key: 'b', locator: '1', label: 'table' })],
      [item({ key: 'c' }), item({ key: 'd' })],
    ]);
    expect(found.flatMap(spans)).toEqual(['3:10-3:12', '4:9-4:11', '4:23-4:25', '4:27-4:29']);
  });
});

describe('extensions without remark', () => {
  const options = { extensions: [citationSyntax()], mdastExtensions: [citationFromMarkdown()] };

  it('works with mdast-util-from-markdown directly', () => {
    const tree = fromMarkdown('See [@a, p. 3].', options);
    const paragraph = tree.children[0];
    if (paragraph.type !== 'paragraph') throw new Error('expected a paragraph');
    expect(paragraph.children[1]).toMatchObject({ type: 'citation', items: [{ key: 'a', locator: '3', label: 'page' }] });
  });

  it.each([
    'A [see @a, p. 3; also -@b, chap. 1] b.',
    '@doe99 [p. 33; @x] says @roe.',
    'x @{ISBN 0-2,3} [@k, p. 33, 35-37, and nowhere else] [@k, {p. xiv, n. 3}]',
    'Mail name@example.com, not \\@key; [@k, emphasis added].',
  ])('round-trips %s through toMarkdown', (markdown) => {
    const strip = (tree: Root) => JSON.parse(JSON.stringify(tree, (key, value: unknown) => (key === 'position' ? undefined : value)));
    const tree = fromMarkdown(markdown, options);
    const written = toMarkdown(tree, { extensions: [citationToMarkdown()] });
    expect(strip(fromMarkdown(written, options))).toEqual(strip(tree));
  });

  it('escapes text that would read as a citation', () => {
    const tree: Root = { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'at @key and a@b' }] }] };
    expect(toMarkdown(tree, { extensions: [citationToMarkdown()] })).toBe('at \\@key and a@b\n');
  });
});

describe('splitLocator', () => {
  it.each([
    [', p. 3', { locator: '3', label: 'page', suffix: '' }],
    [', 33, 35-37, and nowhere else', { locator: '33, 35-37', label: 'page', suffix: 'and nowhere else' }],
    [', and passim', { suffix: 'and passim' }],
    ['', { suffix: '' }],
    [', p. 3 and 5', { locator: '3', label: 'page', suffix: 'and 5' }],
    [', PP. 3–5', { locator: '3–5', label: 'page', suffix: '' }],
    [', part of the argument', { suffix: 'part of the argument' }],
  ])('%j', (raw, expected) => {
    expect(splitLocator(raw)).toEqual(expected);
  });
});
