/**
 * The binary resources of the book (images, fonts) and the stylesheet's references to them:
 * names in the book, media types, and the checks that keep manifest, CSS and zip in step.
 */
import path from 'node:path';
import type { Block, ImageBlock, Issue } from '../../document/model.js';
import type { Reporter } from '../../messages/diagnostic.js';
import { FONTS_DIR } from './paths.js';
import type { EpubFont } from './types.js';

/** Core media types of EPUB 3.2 (what EPUBCheck 4.2 accepts without a fallback). */
const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
};
const FONT_TYPES: Record<string, string> = {
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

export interface BookImage {
  id: string;
  /** Relative to OEBPS/. */
  href: string;
  mediaType: string;
  /** Absolute path of the source file. */
  source: string;
  /** The bytes resolve read (and downsampled); absent in hand-made models, then the file is read. */
  data?: Uint8Array;
}

function walkBlocks(blocks: readonly Block[], visit: (b: Block) => void): void {
  for (const b of blocks) {
    visit(b);
    if (b.type === 'blockquote') walkBlocks(b.children, visit);
    if (b.type === 'list') for (const item of b.items) walkBlocks(item.children, visit);
    if (b.type === 'definitionList') for (const item of b.items) walkBlocks(item.children, visit);
  }
}

/** Every image block of the issue, in reading order. */
export function imageBlocks(issue: Issue): ImageBlock[] {
  const found: ImageBlock[] = [];
  const visit = (b: Block): void => {
    if (b.type === 'image') found.push(b);
  };
  for (const a of issue.articles) {
    walkBlocks(a.abstract ?? [], visit);
    walkBlocks(a.body, visit);
    for (const n of a.notes) walkBlocks(n.children, visit);
  }
  return found;
}

/** One book image per distinct source file, named images/img-N.ext; unsupported types reported. */
export function collectImages(blocks: readonly ImageBlock[], reporter: Reporter): BookImage[] {
  const images: BookImage[] = [];
  const seen = new Set<string>();
  for (const block of blocks) {
    if (seen.has(block.path)) continue;
    seen.add(block.path);
    // The format resolve found in the file's bytes names it, whatever the file is called.
    const ext = block.data ? (block.data.format === 'jpeg' ? '.jpg' : `.${block.data.format}`) : path.extname(block.path).toLowerCase();
    const mediaType = IMAGE_TYPES[ext];
    if (mediaType === undefined) {
      reporter.error(
        `image ${path.basename(block.path)} has a type EPUB readers need not support; use PNG, JPEG, GIF or SVG`,
        'epub-image-type',
        block.pos,
      );
      continue;
    }
    const n = images.length + 1;
    images.push({ id: `img-${n}`, href: `images/img-${n}${ext}`, mediaType, source: block.path, ...(block.data ? { data: block.data.bytes } : {}) });
  }
  return images;
}

export interface BookFont {
  id: string;
  /** Under OEBPS/fonts/ (the library's fixed folder). */
  filename: string;
  href: string;
  mediaType: string;
  source: string;
}

/**
 * The name a font gets in the book, from its role rather than its file: `fonts/<family>-<weight>
 * [-italic].<ext>`, the family lower-cased with hyphens ("Baspa Serif", 700, italic, .ttf →
 * baspa-serif-700-italic.ttf). So one stylesheet serves every template, whatever font files
 * it names (the monograph template reuses the journal's epub.css with PT Serif).
 */
export function fontFileName(font: EpubFont): string {
  const family = font.family.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'font';
  const style = font.style === 'italic' ? '-italic' : '';
  // WOFF 1.0 is decoded to TrueType to be subset (index.ts), so it is stored as one.
  const ext = path.extname(font.path).toLowerCase();
  return `${family}-${font.weight}${style}${ext === '.woff' ? '.ttf' : ext}`;
}

/** The @font-face rule, as lines, for a font the book embeds under its fontFileName. */
export function fontFaceRule(font: EpubFont): string[] {
  return ['@font-face {', `  font-family: "${font.family}";`, `  font-style: ${font.style};`, `  font-weight: ${font.weight};`, `  src: url("${FONTS_DIR}${fontFileName(font)}");`, '}'];
}

/** The fonts to embed; unknown types and two fonts for one family, weight and style reported. */
export function collectFonts(fonts: readonly EpubFont[], reporter: Reporter, cssFile: string): BookFont[] {
  const result: BookFont[] = [];
  const used = new Set<string>();
  fonts.forEach((font, i) => {
    const filename = fontFileName(font);
    const mediaType = FONT_TYPES[path.extname(filename)];
    if (mediaType === undefined) {
      reporter.error(`font ${font.path} is not TTF, OTF, WOFF or WOFF2`, 'epub-font-type', { file: cssFile });
      return;
    }
    if (used.has(filename)) {
      reporter.error(`two fonts for ${font.family} ${font.weight} ${font.style}; the EPUB can use one`, 'epub-font-duplicate', {
        file: cssFile,
      });
      return;
    }
    used.add(filename);
    result.push({ id: `font-${i + 1}`, filename, href: FONTS_DIR + filename, mediaType, source: font.path });
  });
  return result;
}

/**
 * Every url() of the stylesheet must name a file of the book (EPUBCheck fails a dangling
 * one, and a remote font would need declarations the book does not make).
 * `hrefs` are relative to OEBPS/, where the stylesheet lives.
 */
export function checkCssUrls(css: string, hrefs: ReadonlySet<string>, reporter: Reporter, cssFile: string): void {
  const urlPattern = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)/g;
  // Comments blanked (newlines kept, so positions still point at the right line).
  const code = css.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '));
  for (const match of code.matchAll(urlPattern)) {
    const url = match[1] ?? match[2] ?? match[3] ?? '';
    if (url.startsWith('data:')) continue;
    const before = code.slice(0, match.index);
    const line = before.split('\n').length;
    const column = match.index - before.lastIndexOf('\n');
    const at = { file: cssFile, line, column };
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('/')) {
      reporter.error(`the EPUB stylesheet refers to ${url} outside the book; embed the file instead`, 'epub-css-remote', at);
      continue;
    }
    const target = path.posix.normalize(url.replace(/[?#].*$/, ''));
    if (!hrefs.has(target)) {
      const fonts = [...hrefs].filter((h) => h.startsWith(FONTS_DIR)).join(', ');
      reporter.error(`the EPUB stylesheet refers to ${url}, which the book does not contain (fonts: ${fonts})`, 'epub-css-missing', at);
    }
  }
}
