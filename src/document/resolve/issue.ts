/** The whole issue: journal metadata from issue.yaml plus every article, resolved. */
import { createHash } from 'node:crypto';
import type { IssueConfig } from '../../config/issue.js';
import type { Template } from '../../config/template.js';
import type { Located } from '../../config/yaml.js';
import type { TextFile } from '../../manuscript/load.js';
import type { ParsedArticle } from '../../manuscript/parse.js';
import type { Reporter } from '../../messages/diagnostic.js';
import type { Issue, Labels, Lang } from '../model.js';
import { resolveArticle } from './article.js';
import type { Highlighter } from './highlight.js';
import { StageCache } from '../../pipeline/cache.js';
import type { Article } from '../model.js';

const articleCache = new StageCache<Article>(500);

export interface IssueInputs {
  config: Located<IssueConfig>;
  issueFile: string;
  parsed: ParsedArticle[];
  template: Template;
  style: string;
  issueBibliographies: TextFile[];
  reporter: Reporter;
  /** Seconds since the epoch (SOURCE_DATE_EPOCH), for reproducible dates. */
  sourceDateEpoch?: number;
  /** For code fences that name a language (see highlight.ts). */
  highlighter?: Highlighter;
}

export function labelsFor(template: Template, lang: Lang): Labels {
  const l = template.labels[lang] ?? template.labels.en;
  if (!l) throw new Error(`Template ${template.name} has no labels for ${lang} or en`);
  return l;
}

export function releaseDate(config: IssueConfig, sourceDateEpoch?: number): string {
  if (sourceDateEpoch !== undefined) return new Date(sourceDateEpoch * 1000).toISOString().slice(0, 10);
  const d = config.release_date;
  if (d instanceof Date) return d.toISOString().slice(0, 10);
  if (typeof d === 'string' && /^\d{4}-\d{2}-\d{2}/.test(d)) return d.slice(0, 10);
  return `${config.year}-01-01`;
}

/** A name-based UUID (RFC 4122 version 5 layout) from the journal and issue: the same every build. */
export function issueIdentifier(config: IssueConfig): string {
  if (config.identifier) return config.identifier;
  const h = createHash('sha1').update(`baspa:${config.journal.title}|${config.volume}|${config.number}|${config.year}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `urn:uuid:${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

export function resolveIssue(inp: IssueInputs): Issue {
  const c = inp.config.value;
  const langs = c.languages as Lang[];
  const templateKey = JSON.stringify([inp.template.labels, inp.template.quotes, inp.template.code.tab, !!inp.highlighter]);
  const articles = inp.parsed.map((parsed) => {
    // An article is resolved again only when its text, its bibliographies or the style change.
    const key = [
      parsed.file,
      String(parsed.loaded.manuscript.value),
      ...parsed.loaded.bibliographies.flatMap((b) => [b.path, b.text]),
      ...inp.issueBibliographies.flatMap((b) => [b.path, b.text]),
      inp.style,
      templateKey,
    ];
    return articleCache.run([...key, String(c.latin_references), c.reference_terms ?? ''], inp.reporter, (reporter) =>
      resolveArticle({
        parsed,
        template: inp.template,
        style: inp.style,
        latinReferences: c.latin_references,
        ...(c.reference_terms ? { entryTerms: c.reference_terms } : {}),
        issueBibliographies: inp.issueBibliographies,
        labels: labelsFor(inp.template, parsed.frontMatter.value.lang as Lang),
        labelsIn: (lang) => labelsFor(inp.template, lang),
        reporter,
        highlighter: inp.highlighter,
      }),
    );
  });
  for (const a of articles) {
    if (!langs.includes(a.lang)) {
      inp.reporter.warn(`Article language ‘${a.lang}’ is not among the issue's languages (${langs.join(', ')})`, 'issue-language', { file: a.source, line: 1, column: 1 });
    }
  }
  return {
    journal: {
      title: c.journal.title,
      shortTitle: c.journal.short_title,
      issn: c.journal.issn,
      eissn: c.journal.eissn,
      publisher: c.journal.publisher,
      url: c.journal.url,
    },
    volume: String(c.volume),
    number: String(c.number),
    year: c.year,
    langs,
    date: releaseDate(c, inp.sourceDateEpoch),
    identifier: issueIdentifier(c),
    articles,
    labels: labelsFor(inp.template, langs[0]),
    source: inp.issueFile,
  };
}
