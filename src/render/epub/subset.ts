/**
 * Font subsetting for the book with HarfBuzz's subsetter (hb-subset), which harfbuzzjs ships
 * as a standalone WebAssembly module (`dist/harfbuzz-subset.wasm`, no imports) but does not
 * wrap in JavaScript: the few C functions needed are called here directly.
 *
 * What is kept: the glyphs of the given code points and every glyph OpenType layout can reach
 * from them (all GSUB/GPOS features, so small caps, figures and kerning still work), cmap,
 * and the whole name table (every name ID and language, legacy platforms too: the OFL notice
 * and licence URL live there). Glyph ids are renumbered; the file stays a TTF or OTF.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import v8 from 'node:v8';

/** The exports of harfbuzz-subset.wasm used here (pointers and handles are i32 addresses). */
interface HbSubset {
  memory: WebAssembly.Memory;
  _initialize(): void;
  malloc(size: number): number;
  free(ptr: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_length(blob: number): number;
  hb_blob_get_data(blob: number, lengthOut: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, codepoint: number): void;
  hb_set_clear(set: number): void;
  hb_set_invert(set: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_input_set(input: number, which: number): number;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_subset_or_fail(face: number, input: number): number;
}

// From hb-blob.h / hb-subset.h.
const HB_MEMORY_MODE_READONLY = 1;
const HB_SUBSET_SETS_NAME_ID = 4;
const HB_SUBSET_SETS_NAME_LANG_ID = 5;
const HB_SUBSET_SETS_LAYOUT_FEATURE_TAG = 6;
const HB_SUBSET_FLAGS_NAME_LEGACY = 0x8;

let instance: HbSubset | undefined;

/**
 * V8 11 (Node 20) recompiles a wasm function with TurboFan once it has run about 1.8 MB of
 * code. A build subsets a few fonts once, in ~0.1 s; recompiling hb-subset's hot functions
 * then cost ~0.6 s of CPU on other threads, beside layout, and held the process's exit until
 * it was done. The budget is read as the module is compiled, so it is raised for this module
 * alone and then set back to V8 11's default. Other V8 versions (other defaults), or a budget
 * the user set, are left alone.
 */
function compileWithoutTierUp(bytes: Uint8Array<ArrayBuffer>): WebAssembly.Instance {
  const create = (): WebAssembly.Instance => new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
  const userSet = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes('tiering-budget'));
  if (userSet || !process.versions.v8.startsWith('11.')) return create();
  v8.setFlagsFromString('--wasm-tiering-budget=2000000000');
  try {
    return create();
  } finally {
    v8.setFlagsFromString('--wasm-tiering-budget=1800000');
  }
}

/** Compiled and instantiated once per thread: the worker serves every build of a process. */
export function prepareSubsetter(): void {
  hbSubset();
}

function hbSubset(): HbSubset {
  if (instance) return instance;
  const file = createRequire(import.meta.url).resolve('harfbuzzjs/dist/harfbuzz-subset.wasm');
  const hb = compileWithoutTierUp(readFileSync(file)).exports as unknown as HbSubset;
  // A reactor module: its C runtime is set up once before any call.
  hb._initialize();
  instance = hb;
  return hb;
}

/**
 * `font` (TTF or OTF bytes) cut down to `codePoints`, or undefined when HarfBuzz cannot
 * subset it (not an sfnt, e.g. WOFF/WOFF2, or a damaged file): the caller embeds it whole.
 * Same bytes and code points in, same bytes out.
 */
export function subsetFont(font: Uint8Array, codePoints: Iterable<number>): Uint8Array | undefined {
  const hb = hbSubset();
  const data = hb.malloc(font.length);
  if (data === 0) return undefined;
  // `memory.buffer` is read after each call that may allocate: growth replaces it.
  new Uint8Array(hb.memory.buffer, data, font.length).set(font);
  const blob = hb.hb_blob_create(data, font.length, HB_MEMORY_MODE_READONLY, 0, 0);
  const face = hb.hb_face_create(blob, 0);
  hb.hb_blob_destroy(blob);
  const input = hb.hb_subset_input_create_or_fail();
  let result = 0;
  try {
    if (input === 0) return undefined;
    const unicodes = hb.hb_subset_input_unicode_set(input);
    for (const cp of codePoints) hb.hb_set_add(unicodes, cp);
    // Empty then inverted = everything: all name records, all languages, all layout features
    // (the default keeps names 0–6 in English and a short list of features, without smcp).
    for (const which of [HB_SUBSET_SETS_NAME_ID, HB_SUBSET_SETS_NAME_LANG_ID, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG]) {
      const set = hb.hb_subset_input_set(input, which);
      hb.hb_set_clear(set);
      hb.hb_set_invert(set);
    }
    hb.hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_NAME_LEGACY);
    result = hb.hb_subset_or_fail(face, input);
    if (result === 0) return undefined;
    // Serialises the new font; it may still point into the source, freed only after the copy.
    const out = hb.hb_face_reference_blob(result);
    const length = hb.hb_blob_get_length(out) >>> 0;
    const bytes = length === 0 ? undefined : new Uint8Array(hb.memory.buffer, hb.hb_blob_get_data(out, 0) >>> 0, length).slice();
    hb.hb_blob_destroy(out);
    return bytes;
  } finally {
    if (result !== 0) hb.hb_face_destroy(result);
    if (input !== 0) hb.hb_subset_input_destroy(input);
    hb.hb_face_destroy(face);
    hb.free(data);
  }
}

/**
 * Kept whatever the text: printable ASCII, Latin-1 punctuation and signs, general punctuation
 * (dashes, quotes, ellipsis, bullets) and the minus sign, so what a reading system adds itself
 * (a hyphen at a line break, a bullet, a note or a search typed in the book's font) has glyphs.
 */
const ALWAYS: readonly (readonly [number, number])[] = [
  [0x20, 0x7e],
  [0xa0, 0xbf],
  [0x2010, 0x2027],
  [0x2030, 0x203a],
  [0x2212, 0x2212],
];

/**
 * The code points the book's fonts must cover: every character of `texts` (markup included,
 * which is ASCII and kept anyway) in both cases, since `text-transform` and small caps a
 * reading system synthesises draw the other case, plus ALWAYS.
 */
export function bookCodePoints(texts: Iterable<string>): Set<number> {
  const seen = new Set<string>();
  for (const text of texts) for (const ch of text) seen.add(ch);
  const points = new Set<number>();
  for (const [from, to] of ALWAYS) for (let cp = from; cp <= to; cp++) points.add(cp);
  for (const ch of seen) {
    for (const variant of [ch, ch.toLowerCase(), ch.toUpperCase()]) {
      for (const c of variant) points.add(c.codePointAt(0) ?? 0);
    }
  }
  return points;
}
