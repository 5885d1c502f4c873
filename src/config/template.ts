/**
 * A journal design: everything a journal changes without touching code. Read from
 * `templates/<name>/template.yaml`; lengths may be written in pt, mm, cm, in or em.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { z } from 'zod';
import type { Labels, Lang } from '../document/model.js';
import type { Reporter } from '../messages/diagnostic.js';
import { PAGE_SIZES_MM, toPoints, MM } from './units.js';
import { readYaml } from './yaml.js';

const length = z.union([z.number(), z.string()]);

const textStyle = z.strictObject({
  size: z.number().positive(),
  leading: z.number().positive(),
  indent: length.optional(),
  /** Space before and after, in lines of this style's leading. */
  before: z.number().optional(),
  after: z.number().optional(),
});

const faceSet = z.strictObject({
  regular: z.string(),
  italic: z.string(),
  bold: z.string(),
  boldItalic: z.string(),
});

/** How a highlighted token looks in print and in the e-book: a dark colour, and its face. */
const tokenStyle = z.strictObject({
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour is written #rrggbb').optional(),
  bold: z.boolean().optional(),
  italic: z.boolean().optional(),
});

/** IBM Plex Mono (OFL): monospaced, with Kazakh Cyrillic; what a template names if it names nothing. */
const PLEX_MONO = '@expo-google-fonts/ibm-plex-mono';
const defaultMono = {
  regular: `${PLEX_MONO}/400Regular/IBMPlexMono_400Regular.ttf`,
  italic: `${PLEX_MONO}/400Regular_Italic/IBMPlexMono_400Regular_Italic.ttf`,
  bold: `${PLEX_MONO}/700Bold/IBMPlexMono_700Bold.ttf`,
  boldItalic: `${PLEX_MONO}/700Bold_Italic/IBMPlexMono_700Bold_Italic.ttf`,
};

/** Code: tab stops, the continuation mark of a wrapped line, and the colours of highlighted tokens. */
const codeSet = z.strictObject({
  /** Tabs expand to the next multiple of this many columns. */
  tab: z.number().int().min(1).max(16).default(4),
  /** Drawn at the start of a code line wrapped to the measure (the face must have it). */
  continuation: z.string().min(1).max(2).default('↪'),
  /** Token classes (highlight.js scopes: keyword, string, comment, number, title, built_in, meta…) and their looks. */
  palette: z.record(z.string(), tokenStyle).default({}),
});

const labelSet = z.strictObject({
  abstract: z.string(),
  keywords: z.string(),
  references: z.string(),
  contents: z.string(),
  volume: z.string(),
  number: z.string(),
  pages: z.string(),
  notes: z.string(),
  // The classification codes' names; a template without them prints the international ones.
  udc: z.string().default('UDC'),
  irsti: z.string().default('IRSTI'),
});

const quoteSet = z.strictObject({ outer: z.tuple([z.string(), z.string()]), inner: z.tuple([z.string(), z.string()]) });

export const templateSchema = z.strictObject({
  name: z.string(),
  description: z.string().optional(),
  page: z.strictObject({
    size: z.string().optional(),
    width: length.optional(),
    height: length.optional(),
  }),
  margins: z.strictObject({ inside: length, outside: length, top: length, bottom: length }),
  columns: z.number().int().min(1).max(3),
  gutter: length.default(0),
  font: faceSet,
  /** The monospaced faces code is set in. */
  monoFont: faceSet.default(defaultMono),
  code: codeSet.default({ tab: 4, continuation: '↪', palette: {} }),
  /** OpenType features for all text: kerning and standard ligatures by default. */
  features: z.array(z.string()).default(['kern', 'liga']),
  /** Interword space for justified text: the least space (em) and its stretch and shrink (fractions of it). */
  spacing: z
    .strictObject({
      space: z.number().positive(),
      stretch: z.number().positive(),
      shrink: z.number().min(0).max(0.9),
      // Font expansion in justified lines, as a fraction of the glyphs' width (microtype's default is 0.02).
      expansion: z.number().min(0).max(0.05).default(0),
    })
    .default({ space: 0.25, stretch: 0.5, shrink: 0.33, expansion: 0 }),
  styles: z.strictObject({
    body: textStyle,
    title: textStyle,
    authors: textStyle,
    affiliations: textStyle,
    abstract: textStyle,
    heading: textStyle,
    subheading: textStyle,
    blockquote: textStyle,
    /** Code blocks (the mono face); inline code takes this size's share of the body size. */
    code: textStyle.optional(),
    list: textStyle.optional(),
    table: textStyle,
    footnote: textStyle,
    references: textStyle,
    runningHead: textStyle,
    strip: textStyle,
    titlePage: textStyle,
    contents: textStyle,
  }),
  rules: z.strictObject({ strip: z.number(), head: z.number(), footnote: z.number(), table: z.number() }),
  layout: z.strictObject({
    runningHeads: z.boolean(),
    /** Where folios go on pages with a running head: in the head, or at the foot. */
    folio: z.enum(['head', 'foot']),
    abstractBox: z.boolean(),
    journalStrip: z.boolean(),
    articleStartsRecto: z.boolean(),
    titleBlockRule: z.boolean(),
    /** The title's ragged measure: one column wide, or the full text width. */
    titleMeasure: z.enum(['column', 'full']).default('full'),
  }),
  labels: z.record(z.string(), labelSet),
  quotes: z.record(z.string(), quoteSet),
  csl: z.string(),
  epubCss: z.string(),
});

export type TemplateData = z.infer<typeof templateSchema>;
export type TextStyle = z.infer<typeof textStyle>;
export type TokenStyle = z.infer<typeof tokenStyle>;
export type StyleName = keyof TemplateData['styles'];

/** The template with every length in points and every path resolved. */
export interface Template {
  name: string;
  dir: string;
  pageWidth: number;
  pageHeight: number;
  margins: { inside: number; outside: number; top: number; bottom: number };
  columns: number;
  gutter: number;
  /** The serif faces and the monospaced ones, by layout's face names. */
  fonts: { regular: string; italic: string; bold: string; boldItalic: string; mono: string; monoItalic: string; monoBold: string; monoBoldItalic: string };
  code: TemplateData['code'];
  features: string[];
  spacing: TemplateData['spacing'];
  styles: TemplateData['styles'];
  rules: TemplateData['rules'];
  layout: TemplateData['layout'];
  labels: Partial<Record<Lang, Labels>>;
  quotes: Partial<Record<Lang, { outer: [string, string]; inner: [string, string] }>>;
  cslPath: string;
  epubCssPath: string;
}

const require = createRequire(import.meta.url);

/** A font path is either relative to the template folder or an npm package path. */
function resolveAsset(dir: string, ref: string): string {
  if (ref.startsWith('./') || ref.startsWith('../')) return path.resolve(dir, ref);
  return require.resolve(ref);
}

export async function loadTemplate(templatesDir: string, name: string, reporter: Reporter, at: { file: string; line: number; column: number }): Promise<Template | null> {
  if (!/^[a-z0-9][a-z0-9_-]*$/i.test(name)) {
    reporter.error(`Template name ‘${name}’ must be a plain folder name`, 'template-name', at);
    return null;
  }
  const dir = path.join(templatesDir, name);
  const file = path.join(dir, 'template.yaml');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    reporter.error(`Template ‘${name}’ not found (looked for ${file})`, 'template-missing', at);
    return null;
  }
  const doc = readYaml({ file, text }, templateSchema, reporter);
  if (!doc) return null;
  const t = doc.value;
  const len = (v: number | string, p: (string | number)[]): number => {
    const n = toPoints(v);
    if (n === null) {
      reporter.error(`Not a length: ‘${String(v)}’ (use pt, mm, cm or in)`, 'template-length', doc.at(p));
      return 0;
    }
    return n;
  };
  let pageWidth: number;
  let pageHeight: number;
  if (t.page.size) {
    const mm = PAGE_SIZES_MM[t.page.size];
    if (!mm) {
      reporter.error(`Unknown page size ‘${t.page.size}’ (known: ${Object.keys(PAGE_SIZES_MM).join(', ')})`, 'template-page-size', doc.at(['page', 'size']));
      return null;
    }
    [pageWidth, pageHeight] = [mm[0] * MM, mm[1] * MM];
  } else if (t.page.width !== undefined && t.page.height !== undefined) {
    pageWidth = len(t.page.width, ['page', 'width']);
    pageHeight = len(t.page.height, ['page', 'height']);
  } else {
    reporter.error('The page needs a size name or a width and a height', 'template-page-size', doc.at(['page']));
    return null;
  }
  const fonts = { regular: '', italic: '', bold: '', boldItalic: '', mono: '', monoItalic: '', monoBold: '', monoBoldItalic: '' };
  const MONO = { regular: 'mono', italic: 'monoItalic', bold: 'monoBold', boldItalic: 'monoBoldItalic' } as const;
  for (const face of ['regular', 'italic', 'bold', 'boldItalic'] as const) {
    for (const [key, set, into] of [['font', t.font, face], ['monoFont', t.monoFont, MONO[face]]] as const) {
      try {
        fonts[into] = resolveAsset(dir, set[face]);
      } catch {
        reporter.error(`Font file not found: ${set[face]}`, 'template-font', doc.at([key, face]));
      }
    }
  }
  const template: Template = {
    name: t.name,
    dir,
    pageWidth,
    pageHeight,
    margins: {
      inside: len(t.margins.inside, ['margins', 'inside']),
      outside: len(t.margins.outside, ['margins', 'outside']),
      top: len(t.margins.top, ['margins', 'top']),
      bottom: len(t.margins.bottom, ['margins', 'bottom']),
    },
    columns: t.columns,
    gutter: len(t.gutter, ['gutter']),
    fonts,
    code: t.code,
    features: t.features,
    spacing: t.spacing,
    styles: t.styles,
    rules: t.rules,
    layout: t.layout,
    labels: t.labels as Partial<Record<Lang, Labels>>,
    quotes: t.quotes as Template['quotes'],
    cslPath: resolveAsset(dir, t.csl),
    epubCssPath: resolveAsset(dir, t.epubCss),
  };
  return template;
}

/** The code block style: the template's, else a little smaller than the body on the body's leading. */
export function codeStyle(t: Pick<Template, 'styles'>): TextStyle {
  return t.styles.code ?? { size: Math.round(t.styles.body.size * 0.875 * 100) / 100, leading: t.styles.body.leading };
}

/** Inline code's size as a share of the text it sits in: the code style's size over the body's. */
export function codeScale(t: Pick<Template, 'styles'>): number {
  return codeStyle(t).size / t.styles.body.size;
}

/** A style length such as `indent: 1em`, in points. */
export function styleLength(style: TextStyle, v: number | string | undefined): number {
  if (v === undefined) return 0;
  return toPoints(v, style.size) ?? 0;
}
