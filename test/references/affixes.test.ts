/** Markdown in a citation's prefix and suffix is set as emphasis and strong, never printed raw. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Inline } from '../../src/document/model.js';
import { inlineText } from '../../src/document/inlines.js';
import { Reporter } from '../../src/messages/diagnostic.js';
import { prepareIssue } from '../../src/pipeline/build.js';

describe('citation affixes', () => {
  it('set [*see* @a, p. 3 **and** more] with emphasis, without asterisks', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'baspa-affix-'));
    mkdirSync(path.join(root, 'manuscripts/a'), { recursive: true });
    writeFileSync(path.join(root, 'manuscripts/issue.yaml'), 'journal: J\narticles: [a]\n');
    writeFileSync(path.join(root, 'manuscripts/a/article.md'), '---\ntitle: T\nlang: en\n---\n\nText [*see* @a, p. 3 **and** more; cf. @b].\n');
    writeFileSync(path.join(root, 'manuscripts/a/references.bib'), '@book{a, author={Doe, J.}, title={A Book}, publisher={P}, year={2020}}\n@book{b, author={Roe, R.}, title={B Book}, publisher={P}, year={2021}}\n');
    const reporter = new Reporter();
    const { issue } = await prepareIssue({ root, out: '', formats: [] }, reporter, {});
    expect(reporter.errors).toEqual([]);
    const cite = (issue.articles[0].body[0] as { children: Inline[] }).children.find((n) => n.type === 'citation')!;
    const text = inlineText([cite]);
    expect(text).not.toMatch(/\*/);
    expect(text).toMatch(/see/);
    const kinds = JSON.stringify(cite);
    expect(kinds).toContain('"type":"emphasis"');
    expect(kinds).toContain('"type":"strong"');
  });
});
