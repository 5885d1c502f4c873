/**
 * Where the reference list goes when the paper says so itself: a closing `# References`
 * heading (in any of the article languages) with nothing after it, or Pandoc's
 * `::: {#refs}` div (marked by src/manuscript/pandoc/divs.ts). The list is set after the
 * body under the template's heading, so the paper's own heading is taken out: "References"
 * is printed once, and once in the outline.
 */
import type { RootContent } from 'mdast';
import type { ResolveContext } from './context.js';
import { toPos } from './context.js';

const NAMES = new Set([
  'references',
  'reference list',
  'bibliography',
  'works cited',
  'literature',
  'literature cited',
  'әдебиеттер',
  'әдебиеттер тізімі',
  'пайдаланылған әдебиеттер',
  'пайдаланылған әдебиеттер тізімі',
  'список литературы',
  'список использованной литературы',
  'литература',
  'библиография',
  'библиографический список',
]);

/** "5. References:", "REFERENCES" → "references". */
export function isReferencesHeading(text: string): boolean {
  // Pandoc's attributes (`# References {#refs .unnumbered}`, `{-}`) are no part of the name.
  const t = text.normalize('NFC').replace(/\s*\{[^}]*\}\s*$/, '').trim().toLowerCase().replace(/^[\dIVXivx]+(\.\d+)*\.?\s+/, '').replace(/[\s.:]+$/, '').replace(/\s+/g, ' ');
  return NAMES.has(t);
}

/** The text of a node (mdast-util-to-string is not a direct dependency). */
function toString(n: unknown): string {
  const node = n as { value?: unknown; children?: unknown[] };
  if (typeof node.value === 'string') return node.value;
  return Array.isArray(node.children) ? node.children.map(toString).join('') : '';
}

const isNote = (n: RootContent) => n.type === 'footnoteDefinition' || n.type === 'definition';

/** The body without the paper's own references heading or `{#refs}` div. */
export function takeReferencesPlace(children: RootContent[], ctx: ResolveContext): RootContent[] {
  const out = [...children];
  const lastContent = () => {
    for (let i = out.length - 1; i >= 0; i--) if (!isNote(out[i])) return i;
    return -1;
  };
  // The div first (parse marks it): `# References` then `::: {#refs}` is how Pandoc users write it.
  const div = out.findIndex((n) => n.type === 'referencesPlace');
  if (div >= 0) {
    const after = out.slice(div + 1).filter((n) => !isNote(n));
    if (after.length) ctx.reporter.warn('The reference list is set after the body: the text after ::: {#refs} comes before it', 'references-position', toPos(ctx, out[div].position));
    out.splice(div, 1);
    // Its heading goes with it, wherever the div stands.
    const before = out[div - 1];
    if (before?.type === 'heading' && isReferencesHeading(toString(before))) out.splice(div - 1, 1);
  }
  const last = lastContent();
  if (last >= 0) {
    const node = out[last];
    if (node.type === 'heading' && isReferencesHeading(toString(node))) out.splice(last, 1);
  }
  return out;
}
