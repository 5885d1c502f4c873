/** Lengths in templates: a number is points; strings may say pt, mm, cm, in or em. */
const PER_UNIT: Record<string, number> = { pt: 1, mm: 72 / 25.4, cm: 720 / 25.4, in: 72 };

/** Named trim sizes (ISO 216 and the B5 used for monographs), in millimetres. */
export const PAGE_SIZES_MM: Record<string, [number, number]> = {
  A4: [210, 297],
  A5: [148, 210],
  B5: [176, 250],
  Letter: [215.9, 279.4],
};

/**
 * Converts a template length to points. `em` needs the size it is relative to;
 * returns null for text that is not a length so the schema can report it.
 */
export function toPoints(value: number | string, emSize = 10): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*(pt|mm|cm|in|em)?\s*$/.exec(value);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2] ?? 'pt';
  return unit === 'em' ? n * emSize : n * (PER_UNIT[unit] ?? 1);
}

export const MM = 72 / 25.4;
