/** `manuscripts/issue.yaml`: the journal, the issue and the order of its articles. */
import { z } from 'zod';

const lang = z.enum(['en', 'kk', 'ru']);
export const ARTICLE_SLUG = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const journal = z.strictObject({
    title: z.string().min(1),
    short_title: z.string().optional(),
    issn: z.string().optional(),
    eissn: z.string().optional(),
    publisher: z.string().optional(),
    url: z.string().optional(),
});

export const issueSchema = z.strictObject({
  /** The journal's metadata, or just its title; without it, the project folder's name. */
  journal: z.union([z.string().min(1).transform((title): z.infer<typeof journal> => ({ title })), journal]).optional(),
  volume: z.union([z.number(), z.string()]).default(1),
  number: z.union([z.number(), z.string()]).default(1),
  /** Defaults to the release date's year (SOURCE_DATE_EPOCH, release_date, or today). */
  year: z.number().int().min(1000).max(9999).optional(),
  languages: z.array(lang).min(1).default(['en']),
  template: z.string().default('journal'),
  /** A CSL file under templates/ (or citation-js's built-in `apa` / `vancouver`). */
  csl: z.string().optional(),
  /** An issue-wide bibliography, relative to manuscripts/. */
  bibliography: z.string().optional(),
  /** A second reference list after each article's, transliterated, as indexes abroad ask. */
  latin_references: z.boolean().default(false),
  /**
   * Whose language picks the terms inside each reference-list entry (p./б./с., Vol./т.):
   * `entry` (each cited work's own), `article` (the citing article's). Default: the
   * style's choice (`<?baspa terms="entry"?>`, as baspa-gost), else `article`.
   */
  reference_terms: z.enum(['entry', 'article']).optional(),
  /** ISO date; used for metadata when SOURCE_DATE_EPOCH is not set. */
  release_date: z.union([z.string(), z.date()]).optional(),
  /** The book identifier; derived from the journal and issue when absent. */
  identifier: z.string().optional(),
  /** Defaults to every folder under manuscripts/ that holds a Markdown file, by name. */
  articles: z.array(z.string().regex(ARTICLE_SLUG, 'an article is a folder name under manuscripts/')).min(1).optional(),
});

export type RawIssueConfig = z.infer<typeof issueSchema>;
/** issue.yaml with its defaults filled in (year, articles). */
export type IssueConfig = Omit<RawIssueConfig, 'year' | 'articles' | 'journal'> & { year: number; articles: string[]; journal: NonNullable<RawIssueConfig['journal']> };

/** The year an issue.yaml without one is dated: its release date's, else the build's. */
export function defaultYear(raw: RawIssueConfig, sourceDateEpoch: string | undefined, now = new Date()): number {
  const d = raw.release_date;
  if (d instanceof Date) return d.getUTCFullYear();
  if (typeof d === 'string' && /^\d{4}/.test(d)) return Number(d.slice(0, 4));
  const epoch = sourceDateEpoch !== undefined && /^\d+$/.test(sourceDateEpoch) ? Number(sourceDateEpoch) * 1000 : NaN;
  const y = new Date(Number.isFinite(epoch) ? epoch : now.getTime()).getUTCFullYear();
  return y >= 1000 && y <= 9999 ? y : now.getUTCFullYear();
}
