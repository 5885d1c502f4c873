/**
 * BibTeX name lists → CSL names. The list splits at " and " outside braces; each name is
 * "First von Last", "von Last, First" or "von Last, Jr, First" (the BibTeX rules), or
 * BibLaTeX's extended form "family=…, given=…". Braced tokens are one unit, so
 * `{World Health Organization}` stays whole and `{\"O}zg{\"u}r` is one given name, "Özgür",
 * which citeproc initialises to "Ö.". `and others` is not a person: it marks the list as
 * truncated (see others.ts).
 */
import { latexToText } from './latex.js';

export interface CslName {
  family?: string;
  given?: string;
  literal?: string;
  suffix?: string;
  'dropping-particle'?: string;
  'non-dropping-particle'?: string;
}

/**
 * What `and others` becomes in a CSL name list: a literal name the formatter replaces by
 * the style's et-al term (others.ts). A private-use character, so no real name is taken
 * for it.
 */
export const OTHERS_LITERAL = '\uE0E1others\uE0E1';

/** Splits at " and " (any case, any spacing) outside braces; linear in the length. */
export function splitList(raw: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  const n = raw.length;
  for (let i = 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c === 92) {
      i++; // \{ \} \\ are characters, not braces
      continue;
    }
    if (c === 123) depth++;
    else if (c === 125) depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === 32 || c === 9 || c === 10 || c === 13) && (raw.charCodeAt(i + 1) | 32) === 97) {
      // " a" — is it " and "?
      const w = raw.slice(i + 1, i + 4).toLowerCase();
      const after = raw.charCodeAt(i + 4);
      if (w === 'and' && (after === 32 || after === 9 || after === 10 || after === 13)) {
        out.push(raw.slice(start, i));
        i += 4;
        start = i + 1;
      }
    }
  }
  out.push(raw.slice(start));
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

/** Splits at `sep` (',' or whitespace) outside braces. */
function splitTop(raw: string, sep: 'comma' | 'space'): string[] {
  if (!raw.includes('{') && !raw.includes('\\')) {
    return sep === 'comma' ? raw.split(',').map((s) => s.trim()) : raw.split(/\s+/).filter((s) => s !== '');
  }
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  let escaped = false;
  for (const c of raw) {
    if (escaped) {
      escaped = false;
      cur += c;
      continue;
    }
    if (c === '\\') {
      escaped = true;
      cur += c;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    if (depth === 0 && (sep === 'comma' ? c === ',' : /\s/.test(c))) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  out.push(cur);
  return sep === 'comma' ? out.map((s) => s.trim()) : out.filter((s) => s !== '');
}

/**
 * BibTeX's test for a "von" word: its first letter, outside braces or inside a
 * special-character group ({\"u}), is lower case. A plain braced group ({Van}) counts as
 * upper case.
 */
function isLowerWord(token: string): boolean {
  let depth = 0;
  for (let i = 0; i < token.length; i++) {
    const c = token[i];
    if (c === '{') {
      if (depth === 0 && token[i + 1] === '\\') {
        // {\"u}: the letter after the command.
        const m = /^\{\\(?:[^a-zA-Z]|[a-zA-Z]+)\s*\{?\s*([A-Za-z])/.exec(token.slice(i));
        if (m) return m[1] === m[1].toLowerCase();
        return false;
      }
      depth++;
      continue;
    }
    if (c === '}') {
      depth--;
      continue;
    }
    if (depth > 0) continue;
    if (/\p{L}/u.test(c)) return c === c.toLowerCase() && c !== c.toUpperCase();
  }
  return false;
}

const TEX_CHARS = /[\\{}$~`'\-^_<>!?]/;

function text(raw: string): string {
  // Most names hold no TeX: skip the converter.
  if (!TEX_CHARS.test(raw)) return raw.replace(/\s+/g, ' ').trim().normalize('NFC');
  return latexToText(raw, { mode: 'plain' }).text;
}

/** One name; undefined for an empty one. */
export function parseName(raw: string): CslName | undefined {
  const trimmed = raw.trim();
  if (trimmed === '') return undefined;
  if (trimmed.toLowerCase() === 'others') return { literal: OTHERS_LITERAL };
  // BibLaTeX's extended name format.
  if (/^(?:family|given|prefix|suffix|useprefix)\s*=/i.test(trimmed)) return extendedName(trimmed);
  const parts = splitTop(trimmed, 'comma');
  if (parts.length === 1) {
    const tokens = splitTop(parts[0], 'space');
    // One braced group: an organisation or a name to keep whole.
    if (tokens.length === 1) {
      const t = tokens[0];
      return { family: text(t) };
    }
    // First von Last: von starts at the first lower-case word (not the last word).
    let vonStart = -1;
    let vonEnd = -1;
    for (let i = 0; i < tokens.length - 1; i++) {
      if (isLowerWord(tokens[i])) {
        if (vonStart < 0) vonStart = i;
        vonEnd = i;
      }
    }
    let first: string[];
    let von: string[];
    let last: string[];
    if (vonStart >= 0) {
      first = tokens.slice(0, vonStart);
      von = tokens.slice(vonStart, vonEnd + 1);
      last = tokens.slice(vonEnd + 1);
    } else {
      first = tokens.slice(0, -1);
      von = [];
      last = tokens.slice(-1);
    }
    return build(first.join(' '), von.join(' '), last.join(' '), '');
  }
  const [vonLast, ...rest] = parts;
  const jr = parts.length >= 3 ? rest[0] : '';
  const first = parts.length >= 3 ? rest.slice(1).join(', ') : rest[0];
  const tokens = splitTop(vonLast, 'space');
  // von Last: von runs to the last lower-case word that is not the last word.
  let vonEnd = -1;
  for (let i = 0; i < tokens.length - 1; i++) if (isLowerWord(tokens[i])) vonEnd = i;
  const von = vonEnd >= 0 ? tokens.slice(0, vonEnd + 1).join(' ') : '';
  const last = tokens.slice(vonEnd + 1).join(' ');
  return build(first, von, last, jr);
}

function build(first: string, von: string, last: string, jr: string): CslName {
  const name: CslName = {};
  const family = text(last);
  if (family) name.family = family;
  const given = text(first);
  if (given) name.given = given;
  const particle = text(von);
  if (particle) name['non-dropping-particle'] = particle;
  const suffix = text(jr);
  if (suffix) name.suffix = suffix;
  if (!name.family && name.given) {
    name.family = name.given;
    delete name.given;
  }
  return name;
}

function extendedName(raw: string): CslName {
  const name: CslName = {};
  let useprefix = false;
  let prefix = '';
  for (const part of splitTop(raw, 'comma')) {
    const m = /^([a-z-]+)\s*=\s*(.*)$/is.exec(part.trim());
    if (!m) continue;
    const key = m[1].toLowerCase();
    const value = text(m[2].replace(/^\{(.*)\}$/s, '$1'));
    if (key === 'family') name.family = value;
    else if (key === 'given') name.given = value;
    else if (key === 'suffix') name.suffix = value;
    else if (key === 'prefix') prefix = value;
    else if (key === 'useprefix') useprefix = /^true$/i.test(value);
  }
  if (prefix) name[useprefix ? 'non-dropping-particle' : 'dropping-particle'] = prefix;
  return name;
}

/** A name field → CSL names (empty names skipped). */
export function parseNames(raw: string): CslName[] {
  const out: CslName[] = [];
  for (const part of splitList(raw)) {
    const n = parseName(part);
    if (n) out.push(n);
  }
  return out;
}
