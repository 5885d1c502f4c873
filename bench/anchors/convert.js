#!/usr/bin/env node
/**
 * Run once (by hand) to write the anchors' copy of the sample issue beside this file:
 * sample.md (pandoc Markdown, both articles as chapters), sample.typ (Typst) and
 * references.bib (both articles' entries). The outputs are committed; bench/vs.js only reads
 * them, so the anchors convert nothing while timed. The sample uses paragraphs, bullet
 * lists, emphasis and [@key] citations only, which is all this handles.
 *
 *   node bench/anchors/convert.js
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const issue = YAML.parse(readFileSync(path.join(repo, 'manuscripts/issue.yaml'), 'utf8'));

const articles = issue.articles.map((name) => {
  const text = readFileSync(path.join(repo, 'manuscripts', name, 'article.md'), 'utf8');
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  const meta = YAML.parse(m[1]);
  const bib = readFileSync(path.join(repo, 'manuscripts', name, meta.bibliography), 'utf8');
  return { name, meta, body: m[2].trim(), bib };
});

writeFileSync(path.join(here, 'references.bib'), articles.map((a) => a.bib.trim()).join('\n\n') + '\n');

// pandoc: one book, an article per chapter (pandoc's EPUB splits at level-1 headings).
const md = [
  '---',
  YAML.stringify({ title: issue.journal.title, subtitle: `Vol. ${issue.volume}, No. ${issue.number} (${issue.year})`, lang: 'en', bibliography: 'references.bib', 'link-citations': true }).trim(),
  '---',
  '',
  ...articles.flatMap((a) => [`# ${a.meta.title}`, '', `*${a.meta.authors.map((x) => x.name).join(', ')}*`, '', a.body, '']),
].join('\n');
writeFileSync(path.join(here, 'sample.md'), md);

// Typst: the markup's special characters escaped, citations as #cite(<key>).
const escape = (s) => s.replace(/[\\#$*_`<>@\[\]~]/g, (c) => `\\${c}`);
function inline(s) {
  let out = '';
  let last = 0;
  for (const m of s.matchAll(/\[((?:[^\]]*?)@[^\]]+)\]|\*([^*]+)\*/g)) {
    out += escape(s.slice(last, m.index));
    if (m[1])
      out += m[1]
        .split(';')
        .map((c) => /^\s*@([^,\s]+)(?:,\s*(.+))?$/.exec(c))
        .map(([, key, locator]) => `#cite(<${key}>${locator ? `, supplement: [${escape(locator)}]` : ''})`)
        .join('');
    else out += `_${escape(m[2])}_`;
    last = m.index + m[0].length;
  }
  return out + escape(s.slice(last));
}
const typBody = (body) =>
  body
    .split(/\n{2,}/)
    .map((block) => (/^- /.test(block) ? block.split('\n').map((l) => `- ${inline(l.replace(/^- /, ''))}`).join('\n') : inline(block.replace(/\n/g, ' '))))
    .join('\n\n');

const typ = `// The sample issue for bench/vs.js, written by bench/anchors/convert.js. The page design
// follows templates/journal/template.yaml: A4, two columns 6 mm apart, 9.5/12.5 pt Literata.
#set document(title: ${JSON.stringify(issue.journal.title)})
#set page(paper: "a4", margin: (inside: 20mm, outside: 16mm, top: 20mm, bottom: 22mm), columns: 2, numbering: "1")
#set columns(gutter: 6mm)
#set text(font: "Literata", size: 9.5pt, lang: "en")
#set par(justify: true, leading: 3pt, first-line-indent: 1em)
${articles
  .map(
    (a, i) => `${i ? '#pagebreak(to: "odd")\n' : ''}#set text(lang: "${a.meta.lang}")
#place(top, scope: "parent", float: true)[
  #text(size: 16pt, weight: "bold")[${escape(a.meta.title)}]

  #text(size: 11pt)[${escape(a.meta.authors.map((x) => x.name).join(', '))}]
]

${typBody(a.body)}
`,
  )
  .join('\n')}
#bibliography("references.bib", title: none, style: "gost-r-705-2008-numeric")
`;
writeFileSync(path.join(here, 'sample.typ'), typ);
