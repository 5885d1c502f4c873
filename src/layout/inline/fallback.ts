/**
 * Stand-in faces for characters a face lacks. Code: IBM Plex Mono has no Greek (λ, σ, Σ in
 * a comment or a variable), so those are set in the text face of the same style; the rest
 * of the code stays monospaced. Text: Literata and PT Serif have no ∼, ∇, ∈ or ⊗ (nor, in
 * PT Serif, Greek), so those are set in the template's fallback face (Noto Sans Math), when
 * it names one. Only what no face has is refused: the glyph check (src/layout/glyphs.ts)
 * asks `uncovered`, layout splits runs with `coverageSplit`, and both walk the same faces.
 */
import type { FontBook } from '../fonts.js';
import type { Face, MonoFace } from '../types.js';
import type { Run } from './collect.js';

/** The text face that stands in for a mono face. */
export const TEXT_FACE: Record<MonoFace, Face> = { mono: 'regular', monoItalic: 'italic', monoBold: 'bold', monoBoldItalic: 'boldItalic' };

export function isMono(face: Face): face is MonoFace {
  return face in TEXT_FACE;
}

/** The faces asked, in order, for a character `face` lacks: code's text face, then the fallback face. */
function standIns(face: Face, fonts: FontBook): Face[] {
  const out: Face[] = [];
  if (isMono(face)) out.push(TEXT_FACE[face]);
  if (face !== 'fallback' && fonts.has('fallback')) out.push('fallback');
  return out;
}

/** Characters of `text` that neither `face` nor any of its stand-ins has: what cannot be set. */
export function uncovered(text: string, face: Face, fonts: FontBook): string[] {
  let lacking = fonts.missing(text, face);
  for (const f of standIns(face, fonts)) {
    if (lacking.length === 0) break;
    lacking = fonts.missing(lacking.join(''), f);
  }
  return lacking;
}

/** The face a character of `face` is set in: its own when it has it, else the first stand-in that has it. */
function faceFor(ch: string, face: Face, fonts: FontBook): Face {
  if (fonts.missing(ch, face).length === 0) return face;
  // Nothing has it: it stays, and the glyph check has already refused it.
  return standIns(face, fonts).find((f) => fonts.missing(ch, f).length === 0) ?? face;
}

/** `text` in `face` cut into pieces each set in a face that has its glyphs. */
export function coverageSplit(text: string, face: Face, fonts: FontBook): { text: string; face: Face }[] {
  if (fonts.missing(text, face).length === 0) return [{ text, face }];
  const out: { text: string; face: Face }[] = [];
  for (const ch of text) {
    // A combining mark stays with its base (the mark cannot be placed across two faces) when that face has it.
    const last = out[out.length - 1];
    const f = last && /\p{M}/u.test(ch) && fonts.missing(ch, last.face).length === 0 ? last.face : faceFor(ch, face, fonts);
    if (last && last.face === f) last.text += ch;
    else out.push({ text: ch, face: f });
  }
  return out;
}

/** Runs split where their face lacks a glyph a stand-in face has. */
export function withFallback(runs: Run[], fonts: FontBook): Run[] {
  return runs.flatMap((r) => {
    // A formula's copy text is drawn in its own face or not at all (prepare.ts).
    if (r.math) return [r];
    const pieces = coverageSplit(r.text, r.face, fonts);
    // Only the first piece keeps an anchor: it marks where the run starts.
    return pieces.length === 1 ? [r] : pieces.map((p, k) => ({ ...r, text: p.text, face: p.face, ...(k > 0 ? { anchor: undefined } : {}) }));
  });
}
