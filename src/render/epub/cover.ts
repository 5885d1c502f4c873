/**
 * The cover: an SVG drawn here and rasterised to PNG by resvg with the template's own font
 * files (system fonts off, so every machine draws the same pixels). Lines are measured with
 * HarfBuzz (harfbuzzjs, as layout does): fontkit took ~0.3 s to load and shape its first
 * line in the EPUB worker, HarfBuzz a few ms, with the same widths (kerning and ligatures).
 */
import { readFileSync, statSync } from 'node:fs';
import { renderAsync } from '@resvg/resvg-js';
import * as hb from 'harfbuzzjs';
import type { EpubFont } from './types.js';
import { escapeXml } from './xhtml.js';

/** What the cover needs of a font: its family name (for the SVG) and line widths. */
interface MeasuringFont {
  familyName: string;
  unitsPerEm: number;
  /** Advance width of the shaped text, in font units. */
  advance(text: string): number;
}

// Opened fonts by file and version: a watch rebuild draws from the same fonts every time.
const opened = new Map<string, MeasuringFont>();

function openFont(path: string): MeasuringFont {
  const { mtimeMs, size } = statSync(path);
  const key = `${path}\u0000${mtimeMs}\u0000${size}`;
  const known = opened.get(key);
  if (known) return known;
  const face = new hb.Face(new hb.Blob(readFileSync(path)));
  // Name ID 1 (family), the name fontkit gave and resvg matches; an empty one means no usable font.
  const familyName = face.getName(1, 'en');
  if (familyName === '' || face.collectUnicodes().length === 0) {
    throw new Error(`EPUB cover: ${path} is not a font HarfBuzz can read; give a single TTF/OTF`);
  }
  const font = new hb.Font(face);
  const buffer = new hb.Buffer();
  const measuring: MeasuringFont = {
    familyName,
    unitsPerEm: face.upem,
    advance(text: string): number {
      buffer.reset();
      buffer.addText(text);
      buffer.guessSegmentProperties();
      hb.shape(font, buffer);
      let width = 0;
      for (const p of buffer.getGlyphPositions()) width += p.xAdvance;
      return width;
    },
  };
  opened.set(key, measuring);
  return measuring;
}

export interface CoverText {
  journal: string;
  /** e.g. "Vol. 3, No. 2" */
  volumeNumber: string;
  year: string;
  publisher?: string;
}

/** The face of `fonts` nearest to the wanted weight, upright preferred. */
export function pickFace(fonts: readonly EpubFont[], weight: number): EpubFont {
  const family = fonts[0].family;
  const candidates = fonts.filter((f) => f.family === family);
  const upright = candidates.filter((f) => f.style === 'normal');
  const pool = upright.length > 0 ? upright : candidates;
  return pool.reduce((best, f) => (Math.abs(f.weight - weight) < Math.abs(best.weight - weight) ? f : best));
}

// The design, in SVG user units (= PNG pixels). A 2:3 page is what most stores ask for.
const WIDTH = 1600;
const HEIGHT = 2400;
const MARGIN = 160;
const BACKGROUND = '#1d2b45';
const INK = '#f4efe3';
const ACCENT = '#c9a44c';

/** Greedy word wrap at `size` px; undefined when one word alone is wider than the measure. */
function wrap(font: MeasuringFont, text: string, size: number, width: number): string[] | undefined {
  const measure = (s: string): number => (font.advance(s) * size) / font.unitsPerEm;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (measure(word) > width) return undefined;
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && measure(candidate) > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** The largest size from `sizes` at which `text` fits in `maxLines` lines (the smallest if none does). */
function fit(font: MeasuringFont, text: string, sizes: readonly number[], maxLines: number): { size: number; lines: string[] } {
  for (const size of sizes) {
    const lines = wrap(font, text, size, WIDTH - 2 * MARGIN);
    if (lines && lines.length <= maxLines) return { size, lines };
  }
  const size = sizes[sizes.length - 1];
  return { size, lines: wrap(font, text, size, WIDTH - 2 * MARGIN) ?? [text] };
}

function textLines(lines: readonly string[], y: number, size: number, family: string, weight: number, fill: string): string {
  return lines
    .map(
      (line, i) =>
        `<text x="${MARGIN}" y="${Math.round(y + i * size * 1.2)}" font-family="${escapeXml(family)}" font-weight="${weight}" font-size="${size}" fill="${fill}">${escapeXml(line)}</text>`,
    )
    .join('\n');
}

export function coverSvg(text: CoverText, regular: MeasuringFont, bold: MeasuringFont): string {
  const title = fit(bold, text.journal, [150, 130, 112, 96, 84, 72], 5);
  const titleTop = 620;
  const titleBottom = titleTop + (title.lines.length - 1) * title.size * 1.2;
  const ruleY = Math.round(titleBottom + title.size * 0.8);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="${BACKGROUND}"/>`,
    textLines(title.lines, titleTop, title.size, bold.familyName, 700, INK),
    `<rect x="${MARGIN}" y="${ruleY}" width="320" height="8" fill="${ACCENT}"/>`,
    textLines([text.volumeNumber], ruleY + 170, 84, regular.familyName, 400, INK),
    textLines([text.year], ruleY + 290, 84, regular.familyName, 400, ACCENT),
  ];
  if (text.publisher) {
    const pub = fit(regular, text.publisher, [60, 52, 44], 3);
    const top = HEIGHT - MARGIN - (pub.lines.length - 1) * pub.size * 1.2;
    parts.push(textLines(pub.lines, top, pub.size, regular.familyName, 400, INK));
  }
  parts.push('</svg>');
  return parts.join('\n');
}

// The cover depends only on the names and the fonts: drawn once per process.
const covers = new Map<string, Promise<Uint8Array>>();

/**
 * The cover as PNG bytes. `fonts` must not be empty (index.ts checks). Lines are measured
 * now; resvg rasterises on libuv's thread pool, so the caller can subset fonts meanwhile.
 */
export function renderCover(text: CoverText, fonts: readonly EpubFont[]): Promise<Uint8Array> {
  const regularFace = pickFace(fonts, 400);
  const boldFace = pickFace(fonts, 700);
  const regular = openFont(regularFace.path);
  const svg = coverSvg(text, regular, openFont(boldFace.path));
  const key = `${regularFace.path}\u0000${boldFace.path}\u0000${svg}`;
  const hit = covers.get(key);
  if (hit) return hit;
  const png = drawPng(svg, regularFace.path, boldFace.path, regular.familyName);
  covers.set(key, png);
  png.catch(() => covers.delete(key));
  return png;
}

async function drawPng(svg: string, regularPath: string, boldPath: string, family: string): Promise<Uint8Array> {
  const image = await renderAsync(svg, {
    font: {
      loadSystemFonts: false,
      fontFiles: [...new Set([regularPath, boldPath])],
      defaultFontFamily: family,
    },
    fitTo: { mode: 'original' },
  });
  return new Uint8Array(image.asPng());
}
