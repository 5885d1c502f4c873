/**
 * Words mixing Latin and Cyrillic letters are found wherever an article has running text,
 * with the letters they most likely stand for, and never in code or URLs.
 */
import { describe, expect, it } from 'vitest';
import type { Block, Inline, Issue } from '../../src/document/model.js';
import { describeStrays, findMixedScriptWords } from '../../src/typography/lookalikes.js';

const pos = { file: 'a.md', line: 1, column: 1 };
const text = (value: string): Inline => ({ type: 'text', value, pos });
const para = (...children: Inline[]): Block => ({ type: 'paragraph', children, pos });

/** An issue of one article holding `body` (only what the check reads). */
function issueOf(body: Block[], title: Inline[] = [text('Title')]): Issue {
  return { articles: [{ title, body, abstract: undefined, notes: [], translations: [], authors: [], affiliations: [], keywords: [], codes: [], pos }] } as unknown as Issue;
}

describe('mixed-script words', () => {
  it('finds a Latin i in a Kazakh word and names the Kazakh letter it stands for', () => {
    const [w] = findMixedScriptWords(issueOf([para(text('Ғылым мен бiлiм, бiлiм.'))]));
    expect(w.word).toBe('бiлiм');
    expect(w.count).toBe(2);
    expect(describeStrays(w)).toBe('Latin ‘i’ (for ‘і’?)');
  });

  it('finds a Cyrillic а in an English word, in a heading and a table cell as in a paragraph', () => {
    const body: Block[] = [
      { type: 'heading', depth: 1, id: 'h', children: [text('Kаzakhstan today')], pos },
      { type: 'table', align: [null], rows: [[{ children: [text('Аstana')], pos }]], pos } as unknown as Block,
    ];
    const found = findMixedScriptWords(issueOf(body));
    expect(found.map((w) => w.word)).toEqual(['Kаzakhstan', 'Аstana']);
    expect(describeStrays(found[0])).toBe('Cyrillic ‘а’ (for ‘a’?)');
  });

  it('checks keywords and author names too', () => {
    const issue = issueOf([para(text('Text.'))]);
    issue.articles[0].keywords = ['бiлiм беру'];
    expect(findMixedScriptWords(issue).map((w) => w.word)).toEqual(['бiлiм']);
  });

  it('leaves alone words in one script, hyphenated pairs of scripts, code and bare URLs', () => {
    const body: Block[] = [
      para(text('Қазақстан and Kazakhstan, iPhone-ды, NATO-ның.')),
      para({ type: 'code', value: 'бiлiм', pos }),
      para({ type: 'link', url: 'https://example.org/бiлiм', children: [text('https://example.org/бiлiм')], pos }),
    ];
    expect(findMixedScriptWords(issueOf(body))).toEqual([]);
  });
});
