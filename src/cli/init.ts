/** `baspa init <dir>`: a new issue with one sample article that builds as it is. */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

const ISSUE = `# Your journal and this issue. Every value here is a sample: replace it.
journal:
  title: "Sample Journal"
volume: 1
number: 1
year: ${new Date().getUTCFullYear()}
languages: [en]
template: journal        # or monograph; templates live in templates/ (the bundled ones otherwise)
# latin_references: true # a second, transliterated reference list, for indexes abroad
articles:                # the order of the issue: one folder per article
  - sample-article
`;

const ARTICLE = `---
title: "A sample article"
short_title: "Sample article"
lang: en
authors:
  - name: "A. N. Author"
    affiliation: 1
    corresponding: true
    email: author@example.org
affiliations:
  - "Institution, City, Country"
abstract: "One paragraph that says what the article does."
keywords: [sample, journal]
bibliography: references.bib
# udc: "327.5"           # classification codes printed above the title (in quotes)
# irsti: "11.25.40"
# translations:          # the title, abstract and keywords in other languages
#   - lang: kk
#     title: "Үлгі мақала"
#     abstract: "Мақаланың не істейтінін айтатын бір абзац."
#     keywords: [үлгі, журнал]
---

The body is Markdown. Cite a source like this [@sample-book, p. 3], or name it in the
sentence: @sample-book shows how.[^1]

## A section

Write paragraphs, lists, quotes and tables as in any Markdown file.

[^1]: Footnotes are numbered per article.
`;

const BIB = `@book{sample-book,
  author = {Author, Sample},
  title = {A Sample Book},
  publisher = {Sample Press},
  address = {Almaty},
  year = {2024},
  langid = {english}
}
`;

export async function initProject(dir: string): Promise<string[]> {
  const manuscripts = path.join(dir, 'manuscripts');
  if (existsSync(path.join(manuscripts, 'issue.yaml'))) throw new Error(`${manuscripts} already holds an issue.yaml; nothing written`);
  const article = path.join(manuscripts, 'sample-article');
  await mkdir(article, { recursive: true });
  const files: [string, string][] = [
    [path.join(manuscripts, 'issue.yaml'), ISSUE],
    [path.join(article, 'article.md'), ARTICLE],
    [path.join(article, 'references.bib'), BIB],
  ];
  for (const [file, text] of files) await writeFile(file, text, { flag: 'wx' });
  return files.map(([f]) => f);
}
