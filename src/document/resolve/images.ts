/**
 * The image step of resolve: a bitmap with more pixels than its printed size needs at the
 * template's resolution (`images.dpi`, 300 by default) is downsampled with sharp (libvips)
 * before layout, so neither the painter nor the EPUB carries a 6,000-pixel photograph
 * printed 84 mm wide. PNG stays PNG (transparency kept), JPEG stays JPEG. The work is keyed
 * by the file's content and the size wanted, so a figure used twice, or rebuilt in watch
 * mode, is done once.
 */
import { imageBlocks } from '../images.js';
import { createHash } from 'node:crypto';
import type Sharp from 'sharp';
import type { Template } from '../../config/template.js';
import { figureSize, type FigureGeometry } from '../figure-size.js';
import type { ImageBlock, ImageData, Issue } from '../model.js';

/** Downsample only past this much more than needed: re-encoding a nearly right image gains nothing. */
const SLACK = 1.1;

const cache = new Map<string, Promise<ImageData>>();
// The file as read, by block: an article reused from the resolve cache (watch mode) is
// downsampled again from it when the template asks for another size, never from its copy.
const originals = new WeakMap<ImageBlock, ImageData>();

export function figureGeometry(t: Template): FigureGeometry {
  const frame = t.pageWidth - t.margins.inside - t.margins.outside;
  const column = (frame - t.gutter * (t.columns - 1)) / t.columns;
  return { column, frame, columns: t.columns, maxHeight: t.pageHeight - t.margins.top - t.margins.bottom - 6 * t.styles.body.leading };
}


/** Pixels wide a bitmap needs to print `points` wide at `dpi`. */
export function pixelsFor(points: number, dpi: number): number {
  return Math.ceil((points / 72) * dpi);
}

export async function downsampleImages(issue: Issue, template: Template): Promise<void> {
  const g = figureGeometry(template);
  const dpi = template.images.dpi;
  // One result per file: the widest print of it decides.
  const byPath = new Map<string, { blocks: ImageBlock[]; need: number }>();
  for (const b of imageBlocks(issue)) {
    if (!b.data || b.data.format === 'svg') continue;
    if (!originals.has(b)) originals.set(b, b.data);
    b.data = originals.get(b)!;
    const need = pixelsFor(figureSize(b, g).width, dpi);
    const e = byPath.get(b.path) ?? { blocks: [], need: 0 };
    e.blocks.push(b);
    e.need = Math.max(e.need, need);
    byPath.set(b.path, e);
  }
  await Promise.all(
    [...byPath.values()].map(async ({ blocks, need }) => {
      const data = blocks[0].data!;
      if (data.width <= need * SLACK) return;
      const key = `${createHash('sha256').update(data.bytes).digest('hex')}:${need}`;
      let job = cache.get(key);
      if (!job) {
        job = resize(data, need);
        cache.set(key, job);
        job.catch(() => cache.delete(key));
      }
      const small = await job;
      for (const b of blocks) b.data = small;
    }),
  );
}

/** sharp (libvips, a native addon) is loaded only for a bitmap that needs it, not for every build. */
let sharpModule: Promise<typeof Sharp> | undefined;
function loadSharp(): Promise<typeof Sharp> {
  sharpModule ??= import('sharp').then((m) => (m as unknown as { default: typeof Sharp }).default ?? (m as unknown as typeof Sharp));
  return sharpModule;
}

async function resize(data: ImageData, width: number): Promise<ImageData> {
  const sharp = await loadSharp();
  const pipeline = sharp(data.bytes, { limitInputPixels: 2 ** 28 }).resize({ width, withoutEnlargement: true });
  const out = data.format === 'jpeg' ? pipeline.jpeg({ quality: 90, chromaSubsampling: '4:4:4' }) : pipeline.png({ compressionLevel: 9 });
  let { data: bytes, info } = await out.toBuffer({ resolveWithObject: true });
  // An alpha channel that is opaque everywhere only costs the PDF a soft mask to decode and carry.
  if (data.format === 'png' && info.channels === 4 && (await sharp(bytes).stats()).isOpaque) {
    ({ data: bytes, info } = await sharp(bytes).removeAlpha().png({ compressionLevel: 9 }).toBuffer({ resolveWithObject: true }));
  }
  return { format: data.format, width: info.width, height: info.height, bytes: new Uint8Array(bytes), original: data.original ?? { width: data.width, height: data.height } };
}
