/**
 * A journal design: everything a journal changes without touching code. Read from
 * `templates/<name>/template.yaml`; lengths may be written in pt, mm, cm, in or em.
 */
import { existsSync } from 'node:fs';
import { readInside } from '../manuscript/input.js';
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
  // Captions and cross-references (FigureLabels below); a template without them gets the language's defaults.
  figure: z.string().optional(),
  table: z.string().optional(),
  captionSeparator: z.string().optional(),
  figureRef: z.string().optional(),
  figuresRef: z.string().optional(),
  tableRef: z.string().optional(),
  tablesRef: z.string().optional(),
  equationRef: z.string().optional(),
  equationsRef: z.string().optional(),
  sectionRef: z.string().optional(),
  sectionsRef: z.string().optional(),
  // Running heads name two authors joined by `and`, more as the first and `etAl`.
  and: z.string().default('and'),
  etAl: z.string().default('et al.'),
});

/**
 * What captions and cross-references print, `{n}` standing for the number (or a list of
 * numbers): the caption label ("Figure 1", "1-сурет", "Рисунок 1"), the separator before
 * the caption text, the names in references ("Figure 2", "2-сурет", "рис. 2") one and many,
 * and the word between the last two numbers of a list (the labels' `and`, spaced).
 */
export interface FigureLabels {
  figure: string;
  table: string;
  captionSeparator: string;
  figureRef: string;
  figuresRef: string;
  tableRef: string;
  tablesRef: string;
  equationRef: string;
  equationsRef: string;
  sectionRef: string;
  sectionsRef: string;
  and: string;
}

// Russian follows GOST 7.32 and pandoc-crossref's Russian ("Рисунок 1 – …", "рис. 2",
// "табл. 1"); Kazakh writes the number first with a hyphen ("1-сурет", "2-кесте").
const FIGURE_LABELS: Record<Lang, FigureLabels> = {
  en: { figure: 'Figure {n}', table: 'Table {n}', captionSeparator: '. ', figureRef: 'Figure {n}', figuresRef: 'Figures {n}', tableRef: 'Table {n}', tablesRef: 'Tables {n}', equationRef: '({n})', equationsRef: '({n})', sectionRef: 'Section {n}', sectionsRef: 'Sections {n}', and: ' and ' },
  kk: { figure: '{n}-сурет', table: '{n}-кесте', captionSeparator: ' – ', figureRef: '{n}-сурет', figuresRef: '{n}-суреттер', tableRef: '{n}-кесте', tablesRef: '{n}-кестелер', equationRef: '({n})', equationsRef: '({n})', sectionRef: '{n}-бөлім', sectionsRef: '{n}-бөлімдер', and: ' және ' },
  ru: { figure: 'Рисунок {n}', table: 'Таблица {n}', captionSeparator: ' – ', figureRef: 'рис. {n}', figuresRef: 'рис. {n}', tableRef: 'табл. {n}', tablesRef: 'табл. {n}', equationRef: '({n})', equationsRef: '({n})', sectionRef: 'разд. {n}', sectionsRef: 'разд. {n}', and: ' и ' },
};

/** The template's caption and cross-reference labels for `lang`, the language's defaults where it gives none. */
export function figureLabels(template: Pick<Template, 'labels'>, lang: Lang): FigureLabels {
  const given = (template.labels[lang] ?? {}) as Partial<FigureLabels>;
  const out = { ...FIGURE_LABELS[lang] };
  for (const k of Object.keys(out) as (keyof FigureLabels)[]) if (given[k] !== undefined) out[k] = given[k];
  // The running heads' `and` is a bare word ("and", "және", "и"); between numbers it is spaced.
  if (given.and !== undefined) out.and = ` ${given.and.trim()} `;
  return out;
}

const quoteSet = z.strictObject({ outer: z.tuple([z.string(), z.string()]), inner: z.tuple([z.string(), z.string()]) });

/**
 * After microtype's default protrusion for text fonts, kept within ~2.5 pt at body
 * sizes: hyphens and stops hang most, colons and semicolons half, quotes and dashes less
 * (they are wider).
 */
export const DEFAULT_PROTRUSION: Readonly<Record<string, number>> = {
  '-': 0.7, '\u2010': 0.7, '\u2011': 0.7, '\u00AD': 0.7, '–': 0.5, '—': 0.25,
  '.': 0.7, ',': 0.7, ':': 0.5, ';': 0.5, '!': 0.2, '?': 0.2, '…': 0.2,
  '»': 0.5, '”': 0.6, '’': 0.7, '“': 0.6, ')': 0.1,
};

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
  /** One face for what the text and mono faces lack (∼, ∇, ⊗; Greek in a Cyrillic serif): e.g. Noto Sans Math. TTF, OTF or WOFF. */
  fallbackFont: z.string().optional(),
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
      // Character protrusion (microtype's): the fraction of a character's width that hangs
      // into the right margin when it ends a justified line; {} turns it off.
      protrusion: z.record(z.string().length(1), z.number().min(0).max(1)).default(DEFAULT_PROTRUSION),
    })
    .default({ space: 0.25, stretch: 0.5, shrink: 0.33, expansion: 0, protrusion: DEFAULT_PROTRUSION }),
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
    /** Figure and table captions; the table style when not given. */
    caption: textStyle.optional(),
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
  /** Bitmaps wider than the print resolution needs are downsampled to it (sharp, in resolve). */
  images: z.strictObject({ dpi: z.number().positive().default(300) }).default({ dpi: 300 }),
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
  /** The serif faces, the monospaced ones and the fallback face (when named), by layout's face names. */
  fonts: { regular: string; italic: string; bold: string; boldItalic: string; mono: string; monoItalic: string; monoBold: string; monoBoldItalic: string; fallback?: string };
  code: TemplateData['code'];
  features: string[];
  spacing: TemplateData['spacing'];
  styles: TemplateData['styles'];
  rules: TemplateData['rules'];
  layout: TemplateData['layout'];
  labels: Partial<Record<Lang, Labels>>;
  images: TemplateData['images'];
  /** Where `labels` stands in template.yaml, for a message about a missing language. */
  labelsPos?: { file: string; line: number; column: number };
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
  if (!existsSync(file)) {
    reporter.error(`Template ‘${name}’ not found (looked for ${file})`, 'template-missing', at);
    return null;
  }
  // Through the input boundary: a template.yaml that links out of templates/ is not read.
  const read = readInside(file, templatesDir);
  if ('refused' in read) {
    reporter.error(read.refused.message, read.refused.rule, { file, line: 1, column: 1 });
    return null;
  }
  const text = read.bytes.toString('utf8');
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
  const fonts: Template['fonts'] = { regular: '', italic: '', bold: '', boldItalic: '', mono: '', monoItalic: '', monoBold: '', monoBoldItalic: '' };
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
  if (t.fallbackFont !== undefined) {
    try {
      fonts.fallback = resolveAsset(dir, t.fallbackFont);
    } catch {
      reporter.error(`Font file not found: ${t.fallbackFont}`, 'template-font', doc.at(['fallbackFont']));
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
    images: t.images,
    quotes: t.quotes as Template['quotes'],
    cslPath: resolveAsset(dir, t.csl),
    epubCssPath: resolveAsset(dir, t.epubCss),
  };
  template.labelsPos = doc.at(['labels']);
  return checkTemplate(template, (p) => doc.at(p), reporter) ? template : null;
}

/** The least page side, and the narrowest column in body ems, a design can have and still set text. */
const MIN_PAGE_MM = 50;
const MIN_COLUMN_EM = 8;
/** Font files start with one of these tags (TrueType, CFF, Apple TrueType, a collection, WOFF, WOFF2). */
const FONT_MAGIC = new Set(['00010000', '4f54544f', '74727565', '74746366', '774f4646', '774f4632']);

/**
 * A template is an input like any other: a design that cannot set text (margins wider than
 * the page, a 1000 mm gutter, a leading of 0.0001 pt, a text file for a font) is an error at
 * its own line, not hundreds of pages of one letter each.
 */
function checkTemplate(t: Template, at: (p: (string | number)[]) => { file: string; line: number; column: number }, reporter: Reporter): boolean {
  const before = reporter.errors.length;
  const mm = (pt: number) => `${(pt / MM).toFixed(1)} mm`;
  if (t.pageWidth < MIN_PAGE_MM * MM || t.pageHeight < MIN_PAGE_MM * MM) {
    reporter.error(`The page is ${mm(t.pageWidth)} × ${mm(t.pageHeight)}; a page is at least ${MIN_PAGE_MM} × ${MIN_PAGE_MM} mm`, 'template-page-size', at(['page']));
  }
  const width = t.pageWidth - t.margins.inside - t.margins.outside;
  const height = t.pageHeight - t.margins.top - t.margins.bottom;
  if (width <= 0 || height <= 0) {
    reporter.error(`The margins leave no text block (${mm(Math.max(0, width))} × ${mm(Math.max(0, height))}) on a ${mm(t.pageWidth)} × ${mm(t.pageHeight)} page`, 'template-geometry', at(['margins']));
  } else {
    const column = (width - t.gutter * (t.columns - 1)) / t.columns;
    const least = MIN_COLUMN_EM * t.styles.body.size;
    if (t.gutter < 0 || column < least) {
      reporter.error(`${t.columns} column${t.columns > 1 ? 's' : ''} with a ${mm(t.gutter)} gutter leave${t.columns > 1 ? '' : 's'} ${mm(Math.max(0, column))} a column; a column needs at least ${MIN_COLUMN_EM} em of body text (${mm(least)})`, 'template-geometry', at(t.columns > 1 ? ['gutter'] : ['margins']));
    }
    if (height < 4 * t.styles.body.leading) reporter.error(`The text block is ${mm(height)} high: fewer than four lines of body text`, 'template-geometry', at(['margins']));
  }
  for (const [name, style] of Object.entries(t.styles)) {
    if (style && style.leading < style.size * 0.8) {
      reporter.error(`Style ‘${name}’ has a leading of ${style.leading} pt for ${style.size} pt type; the leading must be at least 0.8 × the size`, 'template-style', at(['styles', name, 'leading']));
    }
  }
  const MONO_KEY: Record<string, string> = { mono: 'regular', monoItalic: 'italic', monoBold: 'bold', monoBoldItalic: 'boldItalic' };
  for (const [name, file] of Object.entries(t.fonts)) {
    if (!file) continue;
    // Messages point at the key the face came from: font.<face> or monoFont.<face>.
    const face: string[] = name in MONO_KEY ? ['monoFont', MONO_KEY[name]] : name === 'fallback' ? ['fallbackFont'] : ['font', name];
    const head = readInside(file, path.dirname(file), 50 * 1024 * 1024);
    const magic = 'bytes' in head ? head.bytes.subarray(0, 4).toString('hex') : '';
    if ('refused' in head) reporter.error(`Font ‘${path.basename(file)}’ cannot be read: ${head.refused.message}`, 'template-font', at(face));
    else if (!FONT_MAGIC.has(magic)) reporter.error(`‘${path.basename(file)}’ is not a font file (TrueType, OpenType or WOFF)`, 'template-font', at(face));
  }
  for (const [key, file] of [['csl', t.cslPath], ['epubCss', t.epubCssPath]] as const) {
    const read = readInside(file, path.dirname(file));
    if ('refused' in read) reporter.error(`${key}: ${read.refused.message}`, 'template-file', at([key]));
  }
  return reporter.errors.length === before;
}

/** Every language of the issue needs its labels in the template; a message at the template's labels if not. */
export function checkTemplateLanguages(t: Template, langs: readonly Lang[], reporter: Reporter): boolean {
  const missing = langs.filter((l) => !t.labels[l]);
  if (missing.length) {
    reporter.error(`Template ‘${t.name}’ has no labels for ${missing.join(', ')} (add them under ‘labels’)`, 'template-labels', t.labelsPos ?? { file: path.join(t.dir, 'template.yaml'), line: 1, column: 1 });
  }
  return missing.length === 0;
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
