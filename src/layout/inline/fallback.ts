/**
 * Code's fallback face: IBM Plex Mono has no Greek (λ, σ, Σ in a comment or a variable),
 * so characters the mono face lacks are set in the text face of the same style, which has
 * them; the rest of the code stays monospaced. Only what neither face has is refused (the
 * glyph check, src/layout/glyphs.ts, asks the same question).
 */
import type { FontBook } from '../fonts.js';
import type { Face, MonoFace } from '../types.js';
import type { Run } from './collect.js';

/** The text face that stands in for a mono face. */
export const TEXT_FACE: Record<MonoFace, Face> = { mono: 'regular', monoItalic: 'italic', monoBold: 'bold', monoBoldItalic: 'boldItalic' };

export function isMono(face: Face): face is MonoFace {
  return face in TEXT_FACE;
}

/** `text` in `face` cut into pieces each set in a face that has its glyphs (the fallback where the mono face has none). */
export function coverageSplit(text: string, face: Face, fonts: FontBook): { text: string; face: Face }[] {
  if (!isMono(face) || fonts.missing(text, face).length === 0) return [{ text, face }];
  const out: { text: string; face: Face }[] = [];
  for (const ch of text) {
    const f = fonts.missing(ch, face).length > 0 ? TEXT_FACE[face] : face;
    const last = out[out.length - 1];
    if (last && last.face === f) last.text += ch;
    else out.push({ text: ch, face: f });
  }
  return out;
}

/** Runs of inline code split where the mono face lacks a glyph. */
export function withFallback(runs: Run[], fonts: FontBook): Run[] {
  if (!runs.some((r) => isMono(r.face))) return runs;
  return runs.flatMap((r, i) => {
    const pieces = coverageSplit(r.text, r.face, fonts);
    // Only the first piece keeps an anchor: it marks where the run starts.
    return pieces.length === 1 ? [r] : pieces.map((p, k) => ({ ...r, text: p.text, face: p.face, ...(k > 0 ? { anchor: undefined } : {}) }));
  });
}
