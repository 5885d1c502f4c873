/** `manuscripts/issue.yaml`: the journal, the issue and the order of its articles. */
import { z } from 'zod';

const lang = z.enum(['en', 'kk', 'ru']);

export const issueSchema = z.strictObject({
  journal: z.strictObject({
    title: z.string().min(1),
    short_title: z.string().optional(),
    issn: z.string().optional(),
    eissn: z.string().optional(),
    publisher: z.string().optional(),
    url: z.string().optional(),
  }),
  volume: z.union([z.number(), z.string()]),
  number: z.union([z.number(), z.string()]),
  year: z.number().int().min(1000).max(9999),
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
  articles: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'an article is a folder name under manuscripts/')).min(1),
});

export type IssueConfig = z.infer<typeof issueSchema>;
