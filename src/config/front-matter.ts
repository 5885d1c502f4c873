/** The YAML front matter of an article. */
import { z } from 'zod';

const author = z.strictObject({
  name: z.string().min(1),
  /** 1-based indexes into `affiliations`. */
  affiliation: z.union([z.number().int().min(1), z.array(z.number().int().min(1))]).optional(),
  corresponding: z.boolean().optional(),
  email: z.string().optional(),
  orcid: z.string().optional(),
});

/**
 * The title, abstract and keywords in another language: Kazakh journals print them in all
 * three languages whatever the article's (kazakh.md, "Front matter").
 */
const translation = z.strictObject({
  lang: z.enum(['en', 'kk', 'ru'], { message: 'lang must be one of en, kk, ru' }),
  title: z.string().min(1, 'the title is empty'),
  abstract: z.string().optional(),
  keywords: z.array(z.string()).default([]),
});

export const frontMatterSchema = z.strictObject({
  title: z.string().min(1, 'the title is empty'),
  subtitle: z.string().optional(),
  short_title: z.string().optional(),
  lang: z.enum(['en', 'kk', 'ru'], { message: 'lang must be one of en, kk, ru' }),
  authors: z.array(z.union([z.string().min(1), author])).default([]),
  affiliations: z.array(z.string()).default([]),
  abstract: z.string().optional(),
  keywords: z.array(z.string()).default([]),
  bibliography: z.union([z.string(), z.array(z.string())]).optional(),
  /** Classification codes printed above the title: UDC (ӘОЖ, УДК) and IRSTI (ҒТАМР, МРНТИ). */
  udc: z.string({ message: 'write the UDC code in quotes ("327.5"): a bare number loses its zeros' }).min(1).optional(),
  irsti: z.string({ message: 'write the IRSTI code in quotes ("11.25.40"): a bare number loses its zeros' }).min(1).optional(),
  translations: z.array(translation).default([]),
});

export type FrontMatter = z.infer<typeof frontMatterSchema>;
