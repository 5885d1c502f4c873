/** Personal names: the surname a running head prints. */

const INITIALS = /^(\p{Lu}\.-?)+$|^\p{Lu}$/u;
const SUFFIX = /^(jr|sr|ii|iii|iv|phd|md)\.?$/i;
/** Particles that belong to the surname: "van Rossum", "de la Cruz". */
const PARTICLES = new Set(['van', 'von', 'de', 'der', 'den', 'del', 'della', 'di', 'da', 'du', 'la', 'le', 'dos', 'das', 'ten', 'ter', 'al', 'el', 'bin', 'ibn']);

/**
 * "Max P. Katz" → Katz, "Katz, Max P." → Katz, "Serikbayeva A.T." → Serikbayeva,
 * "G. D. McBain" → McBain, "Guido van Rossum" → van Rossum, "Asma Najib" → Najib.
 */
export function surname(name: string): string {
  const clean = name.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();
  const comma = clean.split(',').map((s) => s.trim()).filter(Boolean);
  // "Katz, Max P." names the surname first; "Max Katz, Jr." only adds a suffix.
  if (comma.length > 1 && !SUFFIX.test(comma[1])) return comma[0];
  const parts = (comma[0] ?? clean).split(' ').filter((p) => !SUFFIX.test(p));
  if (parts.length <= 1) return parts[0] ?? clean;
  // Initials after the name ("Serikbayeva A.T.", "Садықов Т. С."): the surname comes first.
  if (INITIALS.test(parts[parts.length - 1])) return parts.find((p) => !INITIALS.test(p)) ?? parts[0];
  let i = parts.length - 1;
  while (i > 1 && PARTICLES.has(parts[i - 1].toLowerCase())) i--;
  if (i === 1 && PARTICLES.has(parts[0].toLowerCase())) i = 0;
  return parts.slice(i).join(' ');
}
