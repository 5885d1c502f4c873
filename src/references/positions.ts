/**
 * Source positions for bibliography entries. citation-js returns items without
 * positions, so each format gets a small scanner that finds where its entries start (for
 * RIS and CSL, the n-th entry found here is the n-th item citation-js returns). BibTeX is
 * split into entries here and then parsed entry by entry (bibtex-syntax.ts).
 */

/** Maps string offsets to 1-based line and column (columns count UTF-16 units, as vfile does). */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  at(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
}

// ---------------------------------------------------------------------------
// BibTeX / BibLaTeX

export interface BibChunk {
  /** Lower-cased entry type: book, article, string, preamble, … */
  type: string;
  /** The citation key; empty for @string and @preamble. */
  key: string;
  /** Offset of the '@'. */
  start: number;
  /** Offset just past the closing delimiter (or the end of the text when unclosed). */
  end: number;
  closed: boolean;
}

/**
 * Splits BibTeX text into entries: text outside entries is a comment, `@comment` runs to
 * the end of its line, an entry runs from '@' to the brace (or parenthesis) that balances
 * its opening one (escaped braces are characters; a ')' inside "…" does not end a '(' entry).
 */
export function scanBibtex(text: string): BibChunk[] {
  const chunks: BibChunk[] = [];
  const header = /@\s*([A-Za-z_][A-Za-z0-9_:+-]*)\s*([{(])/y;
  let i = 0;
  while (i < text.length) {
    const at = text.indexOf('@', i);
    if (at < 0) break;
    if (/^@comment/i.test(text.slice(at, at + 8))) {
      const eol = text.indexOf('\n', at);
      i = eol < 0 ? text.length : eol + 1;
      continue;
    }
    header.lastIndex = at;
    const m = header.exec(text);
    if (!m) {
      i = at + 1;
      continue;
    }
    const type = m[1].toLowerCase();
    const open = m[2];
    let j = header.lastIndex;
    let key = '';
    if (type !== 'string' && type !== 'preamble') {
      const k = /\s*([^,\s{}()]*)/y;
      k.lastIndex = j;
      const km = k.exec(text);
      key = km ? km[1] : '';
    }
    // Find the balancing delimiter; braces nest, and a '(' entry ends at a ')' outside braces.
    let depth = 0;
    let end = -1;
    // A "…" value at the top level may hold ')' (a '(' entry's end otherwise).
    let quoted = false;
    for (; j < text.length; j++) {
      const c = text[j];
      if (c === '\\') {
        // \{ and \} are characters, not braces; \\ is one backslash pair.
        const next = text[j + 1];
        if (next === '{' || next === '}' || next === '\\') j++;
        continue;
      }
      if (c === '"' && depth === 0) quoted = !quoted;
      else if (c === ')' && quoted) continue;
      if (c === '{') depth++;
      else if (c === '}') {
        if (depth === 0) {
          if (open === '{') {
            end = j + 1;
            break;
          }
        } else depth--;
      } else if (c === ')' && open === '(' && depth === 0) {
        end = j + 1;
        break;
      } else if (c === '@' && depth === 0 && /^\s*[A-Za-z]+\s*[{(]/.test(text.slice(j + 1, j + 40)) && lineStartsAt(text, j)) {
        // A new entry at the start of a line inside an unclosed one: the old one was
        // never closed; stop here so one missing brace does not swallow the file.
        break;
      }
    }
    const closed = end >= 0;
    if (!closed) end = j;
    chunks.push({ type, key, start: at, end, closed });
    i = end;
  }
  return chunks;
}

function lineStartsAt(text: string, offset: number): boolean {
  for (let p = offset - 1; p >= 0; p--) {
    const c = text[p];
    if (c === '\n') return true;
    if (c !== ' ' && c !== '\t') return false;
  }
  return true;
}

// ---------------------------------------------------------------------------
// RIS

export interface RisRecord {
  /** Offset of the TY line. */
  start: number;
  /** Offset just past the ER line, or the end of the text when the record is not closed. */
  end: number;
  closed: boolean;
  /** The record's ID tag, if any. */
  id?: string;
}

export interface RisScan {
  records: RisRecord[];
  /** Offsets of non-blank lines outside any record (a syntax error). */
  stray: number[];
}

const RIS_TAG = /^([A-Z][A-Z0-9])  -(?: (.*))?$/;

export function scanRis(text: string): RisScan {
  const records: RisRecord[] = [];
  const stray: number[] = [];
  let current: RisRecord | undefined;
  let offset = 0;
  for (const rawLine of text.split('\n')) {
    const lineStart = offset;
    offset += rawLine.length + 1;
    const line = rawLine.replace(/\r$/, '').replace(/^\uFEFF/, '');
    const m = RIS_TAG.exec(line.trimEnd());
    if (m && m[1] === 'TY') {
      if (current) current.end = lineStart; // unclosed: a new TY ends it
      current = { start: lineStart, end: text.length, closed: false };
      records.push(current);
    } else if (m && m[1] === 'ER') {
      if (current) {
        current.end = Math.min(offset, text.length);
        current.closed = true;
        current = undefined;
      } else stray.push(lineStart);
    } else if (current) {
      if (m && m[1] === 'ID' && m[2] && current.id === undefined) current.id = m[2].trim();
    } else if (line.trim() !== '') {
      stray.push(lineStart);
    }
  }
  return { records, stray };
}

// ---------------------------------------------------------------------------
// JSON

/**
 * Offsets of the objects that are elements of the top-level array (or of the array under
 * a top-level `key` when the text is an object), in order. The text must be valid JSON.
 */
export function scanJsonElements(text: string, key?: string): number[] {
  const out: number[] = [];
  let depth = 0;
  // Depth at which the elements we want sit: 1 for a top-level array; for an object
  // wrapper, the array under `key` opens at depth 1 and its elements sit at depth 2.
  let targetDepth = -1;
  let lastString = '';
  let expectValueOfKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\') {
          s += text[j + 1];
          j += 2;
        } else s += text[j++];
      }
      lastString = s;
      i = j;
      continue;
    }
    if (c === ':') {
      expectValueOfKey = depth === 1 && key !== undefined && lastString === key;
      continue;
    }
    if (c === '[' || c === '{') {
      if (depth === 0 && c === '[') targetDepth = 1;
      else if (expectValueOfKey && c === '[') targetDepth = 2;
      else if (depth === 0 && c === '{' && key === undefined) out.push(i); // a single object
      if (c === '{' && depth === targetDepth) out.push(i);
      expectValueOfKey = false;
      depth++;
      continue;
    }
    if (c === ']' || c === '}') {
      depth--;
      if (c === ']' && depth === targetDepth - 1) targetDepth = -1;
    }
  }
  return out;
}
