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
  // A particle counts only in lower case: "Al Gore" is Gore, "Guido van Rossum" van Rossum.
  const particle = (p: string) => p === p.toLowerCase() && PARTICLES.has(p);
  let i = parts.length - 1;
  while (i > 1 && particle(parts[i - 1])) i--;
  if (i === 1 && particle(parts[0])) i = 0;
  return parts.slice(i).join(' ');
}
