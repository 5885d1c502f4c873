/**
 * The fallback face in the e-book: the template's fallbackFont (Noto Sans Math), embedded as
 * "Baspa Symbols" and cut down to the book's characters like the other faces. The stylesheet
 * names it after the text and mono faces in its font-family lists, so a reading system sets
 * in it what those lack (∼, ∇, ⊗), as the PDF does; a template without one names a family
 * that is never defined, which costs nothing.
 */
import type { EpubFont } from './types.js';
import { fontFaceRule } from './resources.js';

/** The @font-face rule of the fallback face. */
export function fallbackStylesheet(font: EpubFont): string {
  return [
    '',
    '/* Fallback face: added by Baspa from the template (fallbackFont), for what the faces above lack. */',
    '',
    ...fontFaceRule(font),
    '',
  ].join('\n');
}
