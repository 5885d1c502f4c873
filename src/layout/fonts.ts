/**
 * Fonts for layout: the template's four faces, opened with HarfBuzz (harfbuzzjs). Words are
 * shaped with the font's default OpenType features (kerning, ligatures, marks): about six
 * times faster than fontkit, with the same advances; the painter hands these same runs to
 * pdfkit, so the glyphs drawn are the glyphs measured. Vertical metrics come straight from
 * the hhea and OS/2 tables, as fontkit (which pdfkit embeds with) reads them. Runs are
 * cached per face, features and text: a journal repeats its words.
 */
import * as hb from 'harfbuzzjs';
import type { Face, FacePaths } from './types.js';
import { readSfnt } from './woff.js';
import { needsNoGlyph } from './inline/spaces.js';

/** A face as layout uses it: HarfBuzz's font, the features it has, its vertical metrics. */
interface OpenFace {
  font: hb.Font;
  upem: number;
  features: Set<string>;
  /** In font units, descent negative (hhea); capHeight from OS/2 when it has one. */
  ascent: number;
  descent: number;
  capHeight: number;
  /** Code points looked up in the cmap so far: whether the face has a glyph for each. */
  covered: Map<number, boolean>;
}

/**
 * The characters each of a cluster's `glyphs` stands for, as the PDF's ToUnicode map will
 * record them (once per glyph, from its first use, so a glyph must never carry its
 * neighbour's text): one character per glyph when the counts agree (a base and its mark);
 * a ligature's glyph takes the whole cluster, composed where Unicode composes it (и + ̆ → й);
 * a cluster split into more glyphs than characters gives them all to the first.
 */
function glyphText(cluster: string, glyphs: number): number[][] {
  const cps = [...cluster].map((ch) => ch.codePointAt(0)!);
  if (glyphs === cps.length) return cps.map((cp) => [cp]);
  const out: number[][] = Array.from({ length: glyphs }, () => []);
  out[0] = glyphs === 1 ? [...cluster.normalize('NFC')].map((ch) => ch.codePointAt(0)!) : cps;
  return out;
}

function openFace(bytes: Uint8Array): OpenFace {
  const face = new hb.Face(new hb.Blob(bytes));
  const features = new Set([...face.getTableFeatureTags('GSUB'), ...face.getTableFeatureTags('GPOS')]);
  const hhea = face.referenceTable('hhea');
  const os2 = face.referenceTable('OS/2');
  const int16 = (t: Uint8Array, at: number) => new DataView(t.buffer, t.byteOffset, t.byteLength).getInt16(at);
  const ascent = hhea ? int16(hhea, 4) : face.upem;
  const descent = hhea ? int16(hhea, 6) : 0;
  // sCapHeight is in OS/2 version 2 and later, at byte 88.
  const capHeight = os2 && os2.byteLength >= 90 && new DataView(os2.buffer, os2.byteOffset).getUint16(0) >= 2 ? int16(os2, 88) : ascent;
  return { font: new hb.Font(face), upem: face.upem, features, ascent, descent, capHeight, covered: new Map() };
}

/** One glyph of a shaped run: its id, its natural advance (font units) and the characters it stands for. */
export interface ShapedGlyph {
  id: number;
  advanceWidth: number;
  /** Empty for glyphs that carry no text of their own (see glyphText). */
  codePoints: number[];
}
/** Where a glyph goes, in font units: the kerned advance and any mark offset. */
export interface ShapedPosition {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}
/** A word shaped once: read-only, shared by layout and the painter. */
export interface ShapedRun {
  readonly glyphs: readonly ShapedGlyph[];
  readonly positions: readonly ShapedPosition[];
  /** Sum of the kerned advances, in font units. */
  readonly advanceWidth: number;
  /** For each glyph, the UTF-16 offset where its cluster starts (HarfBuzz's cluster). */
  readonly clusters: readonly number[];
  readonly unitsPerEm: number;
}

const shared = new Map<string, FontBook>();
/** Features shaping applies anyway (HarfBuzz's defaults for Latin and Cyrillic): naming them adds nothing. */
/** Interword glue of justified text and how far glyphs may widen or narrow (see SetOptions.expansion). */
export interface Spacing {
  space: number;
  stretch: number;
  shrink: number;
  expansion: number;
  /** Character protrusion into the right margin, as a fraction of each character's width (see PrepareOptions.protrusion). */
  protrusion?: Readonly<Record<string, number>>;
}

export const DEFAULT_FEATURES = new Set(['kern', 'liga', 'calt', 'clig', 'ccmp', 'locl', 'mark', 'mkmk', 'rlig']);

export class FontBook {
  /**
   * One FontBook per set of faces and spacing for the whole process: fonts are parsed and
   * words shaped once, however many builds (watch mode, a volume's articles) use them.
   */
  static shared(paths: FacePaths, spacing?: Spacing): FontBook {
    const key = JSON.stringify([paths, spacing ?? null]);
    let book = shared.get(key);
    if (!book) {
      book = new FontBook(paths, spacing);
      shared.set(key, book);
    }
    return book;
  }

  readonly paths: FacePaths;
  private readonly faces: Partial<Record<Face, OpenFace>>;
  private face(f: Face): OpenFace {
    const file = this.paths[f];
    if (file === undefined) throw new Error(`the template names no ${f} face`);
    // WOFF 1.0 (Noto Sans Math ships no TTF) is decoded: HarfBuzz reads an sfnt.
    return (this.faces[f] ??= openFace(readSfnt(file)));
  }
  private readonly cache = new Map<string, number>();
  private readonly prefixCache = new Map<string, Float64Array>();
  /** Shaped runs by face, features and text. */
  private readonly runs = new Map<string, ShapedRun>();
  private readonly buffer = new hb.Buffer();

  /** Justified text (template `spacing`): least interword space in em, its stretch and shrink as fractions, font expansion. */
  readonly spacing: Spacing;

  constructor(paths: FacePaths, spacing: Spacing = { space: 0.25, stretch: 0.5, shrink: 0.33, expansion: 0 }) {
    this.paths = paths;
    this.spacing = spacing;
    // The text faces open now (workers load them while the main thread resolves); the mono
    // faces on first use, so an issue without code never reads them.
    this.faces = {};
    for (const f of ['regular', 'italic', 'bold', 'boldItalic'] as const) this.face(f);
  }

  /** Advance width of `text` at 1 pt, with kerning and ligatures as the painter will apply them. */
  width(text: string, face: Face, features: readonly string[]): number {
    const key = `${face}\u0000${features.join(',')}\u0000${text}`;
    let w = this.cache.get(key);
    if (w === undefined) {
      const run = this.shape(text, face, features);
      w = run.advanceWidth / run.unitsPerEm;
      if (this.cache.size > 200_000) this.cache.clear();
      this.cache.set(key, w);
    }
    return w;
  }

  /**
   * Widths (at 1 pt) of every prefix of `text`, from one shaping of the whole word: entry i
   * is the advance of text.slice(0, i). Hyphenation cuts words at these offsets, so the
   * pieces add up to the kerned word. A cut inside a ligature shares its advance evenly.
   */
  prefixWidths(text: string, face: Face, features: readonly string[]): Float64Array {
    const key = `${face}\u0000${features.join(',')}\u0000${text}`;
    let out = this.prefixCache.get(key);
    if (out) return out;
    const run = this.shape(text, face, features);
    out = new Float64Array(text.length + 1);
    // Walk the clusters: a cluster (a ligature, a base with its marks) spans the code units
    // from its start to the next cluster's, and its glyphs' advances are spread over them.
    let x = 0;
    let gi = 0;
    const n = run.glyphs.length;
    while (gi < n) {
      const start = run.clusters[gi];
      let adv = 0;
      let gj = gi;
      while (gj < n && run.clusters[gj] === start) adv += run.positions[gj++].xAdvance / run.unitsPerEm;
      const end = gj < n ? run.clusters[gj] : text.length;
      for (let u = start + 1; u <= end; u++) out[u] = x + (adv * (u - start)) / (end - start);
      x += adv;
      gi = gj;
    }
    if (this.prefixCache.size > 200_000) this.prefixCache.clear();
    this.prefixCache.set(key, out);
    return out;
  }

  /**
   * `text` shaped once per process with the face's default features plus any others asked
   * for (small caps, old-style figures). The painter draws these runs as they are.
   */
  shape(text: string, face: Face, features: readonly string[] | undefined): ShapedRun {
    const extra = features?.filter((f) => !DEFAULT_FEATURES.has(f)) ?? [];
    const key = `${face}\u0000${extra.join(',')}\u0000${text}`;
    let run = this.runs.get(key);
    if (!run) {
      run = this.shapeNow(text, face, extra);
      if (this.runs.size > 200_000) this.runs.clear();
      this.runs.set(key, run);
    }
    return run;
  }

  private shapeNow(text: string, face: Face, extra: readonly string[]): ShapedRun {
    const { font, upem } = this.face(face);
    const buf = this.buffer;
    buf.reset();
    buf.addText(text);
    // Script and direction from the text; no language, as fontkit's plain call (the
    // Latin and Cyrillic faces here have no language-specific forms we rely on).
    buf.guessSegmentProperties();
    hb.shape(font, buf, extra.map((f) => hb.Feature.fromString(f)).filter((f): f is hb.Feature => f !== undefined));
    const infos = buf.getGlyphInfos();
    const pos = buf.getGlyphPositions();
    const glyphs: ShapedGlyph[] = [];
    const positions: ShapedPosition[] = [];
    const clusters: number[] = [];
    let advanceWidth = 0;
    for (let i = 0; i < infos.length; ) {
      // One cluster: glyphs i..j-1 standing for the characters text[c, end).
      const c = infos[i].cluster;
      let j = i + 1;
      while (j < infos.length && infos[j].cluster === c) j++;
      const end = j < infos.length ? infos[j].cluster : text.length;
      const chars = glyphText(text.slice(c, end), j - i);
      for (let g = i; g < j; g++) {
        glyphs.push({ id: infos[g].codepoint, advanceWidth: font.glyphHAdvance(infos[g].codepoint), codePoints: chars[g - i] });
        positions.push({ xAdvance: pos[g].xAdvance, yAdvance: pos[g].yAdvance, xOffset: pos[g].xOffset, yOffset: pos[g].yOffset });
        clusters.push(c);
        advanceWidth += pos[g].xAdvance;
      }
      i = j;
    }
    return { glyphs, positions, advanceWidth, clusters, unitsPerEm: upem };
  }

  /** Ascender and descender at 1 pt (descender positive). */
  metrics(face: Face): { ascent: number; descent: number; capHeight: number } {
    const f = this.face(face);
    return { ascent: f.ascent / f.upem, descent: -f.descent / f.upem, capHeight: f.capHeight / f.upem };
  }

  hasFeature(face: Face, feature: string): boolean {
    return this.face(face).features.has(feature);
  }

  /** Whether the template names the face (the fallback face is optional). */
  has(face: Face): boolean {
    return this.paths[face] !== undefined;
  }

  /** Characters of `text` the face has no glyph for (spaces, joiners and controls excepted). */
  missing(text: string, face: Face): string[] {
    const { font, covered } = this.face(face);
    const out = new Set<string>();
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      // Spaces are glue and joiners invisible (spaces.ts): no font needs a glyph for them.
      if (needsNoGlyph(cp)) continue;
      // The whole issue is checked before layout: one cmap look-up per character, not per use.
      let has = covered.get(cp);
      if (has === undefined) covered.set(cp, (has = font.glyph(cp) !== undefined));
      if (!has) out.add(ch);
    }
    return [...out];
  }
}
