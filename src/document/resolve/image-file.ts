/**
 * Reading a figure's file once, in resolve: its format from its first bytes (not its
 * name), its intrinsic size, and for SVG the checks that keep a drawing from running code
 * or reaching outside the book. What the outputs draw is these bytes (images.ts may
 * downsample a bitmap before layout); nothing after resolve opens the file again.
 */
import { readFileSync, statSync } from 'node:fs';
import type { ImageData, SourcePos } from '../model.js';
import type { Reporter } from '../../messages/diagnostic.js';

/** A figure larger than this is refused: no printed figure needs 100 MB. */
export const MAX_IMAGE_BYTES = 100 * 1024 * 1024;

/** Pixel size of a PNG or JPEG from its header. */
export function bitmapSize(buf: Uint8Array): { format: 'png' | 'jpeg'; width: number; height: number } | null {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length > 24 && b.readUInt32BE(0) === 0x89504e47) return { format: 'png', width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  if (b[0] === 0xff && b[1] === 0xd8) {
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) return null;
      const marker = b[i + 1];
      // Fill bytes and markers without a length.
      if (marker === 0xff) {
        i++;
        continue;
      }
      const len = b.readUInt16BE(i + 2);
      // SOF0..SOF15 except DHT(C4), JPG(C8), DAC(CC) carry the frame size.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { format: 'jpeg', height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
      }
      i += 2 + len;
    }
  }
  return null;
}

const CSS_PX: Record<string, number> = { px: 1, pt: 96 / 72, pc: 16, mm: 96 / 25.4, cm: 96 / 2.54, in: 96 };

/** An SVG length in CSS px; null for percentages, ems or nonsense (the viewBox decides then). */
function svgLength(v: string | undefined): number | null {
  if (!v) return null;
  const m = /^\s*([0-9]*\.?[0-9]+(?:e[+-]?\d+)?)\s*(px|pt|pc|mm|cm|in)?\s*$/i.exec(v);
  if (!m) return null;
  const n = Number(m[1]) * CSS_PX[(m[2] ?? 'px').toLowerCase()];
  return n > 0 && Number.isFinite(n) ? n : null;
}

/** The root `<svg>` element's size in CSS px: width/height, else the viewBox's, else 300 × 150 (as browsers). */
export function svgSize(text: string): { width: number; height: number } | null {
  const tag = /<svg\b([^>]*)>/i.exec(text);
  if (!tag) return null;
  const attr = (name: string) => new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'i').exec(tag[1]);
  const val = (name: string) => {
    const m = attr(name);
    return m ? (m[1] ?? m[2]) : undefined;
  };
  const vb = val('viewBox')?.trim().split(/[\s,]+/).map(Number);
  const box = vb && vb.length === 4 && vb[2] > 0 && vb[3] > 0 ? { width: vb[2], height: vb[3] } : null;
  let width = svgLength(val('width'));
  let height = svgLength(val('height'));
  if (width && !height) height = box ? (width * box.height) / box.width : 150;
  if (height && !width) width = box ? (height * box.width) / box.height : 300;
  if (!width || !height) return box ?? { width: 300, height: 150 };
  return { width, height };
}

/**
 * What an SVG may not hold: scripts, event handlers, javascript: URLs, embedded HTML,
 * entity declarations (which can read files), and links to anything outside the drawing
 * itself (the build stays offline and the book self-contained). Returns the first found.
 */
export function svgUnsafe(text: string): string | null {
  if (/<script\b/i.test(text)) return 'a <script> element';
  if (/\son[a-z]+\s*=/i.test(text)) return 'an event handler attribute (on…=)';
  if (/javascript:|vbscript:/i.test(text)) return 'a javascript: URL';
  if (/<foreignObject\b/i.test(text)) return 'embedded HTML (<foreignObject>)';
  if (/<!ENTITY/i.test(text)) return 'an entity declaration';
  if (/<\?xml-stylesheet/i.test(text)) return 'an external stylesheet';
  if (/@import/i.test(text)) return 'a CSS @import';
  for (const m of text.matchAll(/\b(?:xlink:)?href\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)) {
    const url = (m[1] ?? m[2] ?? '').trim();
    if (!url.startsWith('#') && !/^data:image\/(png|jpeg|gif);base64,/i.test(url)) return `a link to ${url.slice(0, 60)}`;
  }
  for (const m of text.matchAll(/url\(\s*['"]?([^'")]*)/gi)) {
    if (!m[1].trim().startsWith('#')) return `a reference to ${m[1].slice(0, 60)}`;
  }
  return null;
}

/** The figure's file read and checked; null (with a message at `pos`) when it cannot be used. */
export function readImageFile(file: string, url: string, pos: SourcePos, reporter: Reporter): ImageData | null {
  let bytes: Buffer;
  try {
    const size = statSync(file).size;
    if (size > MAX_IMAGE_BYTES) {
      reporter.error(`Image is ${(size / 1048576).toFixed(0)} MB; the limit is ${MAX_IMAGE_BYTES / 1048576} MB: ${url.slice(0, 80)}`, 'image-too-large', pos);
      return null;
    }
    bytes = readFileSync(file);
  } catch (e) {
    reporter.error(`Cannot read image: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'image-missing', pos);
    return null;
  }
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') {
    reporter.error(`PDF figures are not placed: convert ${url.slice(0, 80)} to SVG (e.g. pdftocairo -svg, or Inkscape) to keep it vector, or to PNG`, 'image-format', pos);
    return null;
  }
  const bitmap = bitmapSize(bytes);
  if (bitmap) {
    if (!bitmap.width || !bitmap.height) {
      reporter.error(`Image has no size in its header: ${url.slice(0, 80)}`, 'image-format', pos);
      return null;
    }
    return { format: bitmap.format, width: bitmap.width, height: bitmap.height, bytes: new Uint8Array(bytes) };
  }
  const head = bytes.subarray(0, 4096).toString('utf8').replace(/^\uFEFF/, '');
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg\b/i.test(head)) {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
    } catch {
      reporter.error(`SVG file is not valid UTF-8: ${url.slice(0, 80)}`, 'image-format', pos);
      return null;
    }
    const unsafe = svgUnsafe(text);
    if (unsafe) {
      reporter.error(`SVG figure holds ${unsafe}; scripts and outside references are not allowed in figures: ${url.slice(0, 80)}`, 'image-svg-unsafe', pos);
      return null;
    }
    const size = svgSize(text);
    if (!size) {
      reporter.error(`Not an SVG drawing (no <svg> element): ${url.slice(0, 80)}`, 'image-format', pos);
      return null;
    }
    return { format: 'svg', width: size.width, height: size.height, bytes: new Uint8Array(bytes) };
  }
  reporter.error(`Image format not supported (use PNG, JPEG or SVG): ${url.slice(0, 80)}`, 'image-format', pos);
  return null;
}
