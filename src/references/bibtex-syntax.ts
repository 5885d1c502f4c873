/**
 * BibTeX/BibLaTeX syntax: text → entries of raw (LaTeX) field values, with @string macros
 * expanded and `#` concatenation done, and with the offset of every entry and field.
 * The file is split into entries first (positions.ts, the brace-balanced scan), then each
 * entry is parsed on its own, so a syntax error costs only its own entry and is reported at
 * its own place. Nothing here recurses: brace depth is a counter, so 20,000 nested braces
 * are an error message, not a stack overflow.
 */
import { scanBibtex } from './positions.js';

/** Deeper than this, a field is refused (the LaTeX converter recurses per group). */
export const MAX_BRACE_DEPTH = 64;
/** A longer field value is refused: no real field is this long. */
export const MAX_FIELD_LENGTH = 200_000;

export interface RawField {
  /** Lower-cased field name. */
  name: string;
  /** The value's LaTeX, outer delimiters removed and macros expanded. */
  value: string;
  /** Offset of the field name. */
  offset: number;
}

export interface RawBibEntry {
  /** Lower-cased entry type. */
  type: string;
  key: string;
  /** Offset of the '@'. */
  offset: number;
  fields: Map<string, RawField>;
}

export interface SyntaxProblem {
  message: string;
  offset: number;
  severity: 'error' | 'warning';
  /** The entry the problem belongs to, when known. */
  key?: string;
  /** A problem in a field no style prints: never costs the entry. */
  field?: string;
}

export interface BibSyntax {
  entries: RawBibEntry[];
  problems: SyntaxProblem[];
}

/** Month macros BibTeX predefines. */
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

class EntryError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * Fields no reference list prints: a problem in one of them drops the field, never the
 * entry (an `annotation` with odd LaTeX must not cost a book).
 */
export const UNPRINTED_FIELDS = new Set([
  'abstract', 'annotation', 'annote', 'file', 'keywords', 'comment', 'comments', 'review', 'mendeley-tags',
  'groups', 'owner', 'timestamp', 'date-added', 'date-modified', 'bdsk-url-1', 'bdsk-url-2', 'bdsk-file-1',
  'local-url', 'pdf', 'ranking', 'readstatus', 'priority', 'qualityassured', 'printed', 'indextitle',
  'indexsorttitle', 'sorttitle', 'sortname', 'sortkey', 'sortyear', 'presort', 'langidopts', 'options',
  'library', 'entrysubtype-note', 'ids', 'citeulike-article-id', 'citeulike-linkout-0', 'jstor_articletype',
  'jstor_formatteddate', 'jstor_issuetitle', 'mrclass', 'mrnumber', 'mrreviewer', 'zblnumber', 'fjournal',
  'affiliation', 'bibsource', 'biburl', 'language_iso', 'urlyear', 'unique-id', 'researcherid-numbers',
  'orcid-numbers', 'da', 'type-of-work', 'article-number-note', 'shorthandintro', 'execute',
]);

export function parseBibtexSyntax(text: string): BibSyntax {
  const macros = new Map<string, string>();
  for (const [i, m] of MONTHS.entries()) macros.set(m, String(i + 1));
  const entries: RawBibEntry[] = [];
  const problems: SyntaxProblem[] = [];
  const chunks = scanBibtex(text);
  for (const [i, chunk] of chunks.entries()) {
    if (chunk.type === 'comment' || chunk.type === 'preamble') continue;
    // A stray '}' ends an entry early; the fields after it would be lost without a word.
    const after = text.slice(chunk.end, Math.min(chunks[i + 1]?.start ?? text.length, chunk.end + 200));
    if (chunk.closed && chunk.key && /^\s*,?\s*[A-Za-z][\w-]*\s*=/.test(after)) {
      problems.push({
        message: `BibTeX syntax error in entry ‘${chunk.key}’: a ‘}’ closes the entry before its last fields (a stray ‘}’?)`,
        offset: chunk.end - 1,
        severity: 'error',
        key: chunk.key,
      });
      continue;
    }
    if (!chunk.closed) {
      const what = chunk.key ? `entry ‘${chunk.key}’` : `@${chunk.type} entry`;
      problems.push({
        message: `BibTeX syntax error: ${what} is never closed (a ‘}’ is missing)`,
        offset: chunk.start,
        severity: 'error',
        ...(chunk.key ? { key: chunk.key } : {}),
      });
      continue;
    }
    const p = new EntryParser(text, chunk.start, chunk.end, macros, problems);
    try {
      const entry = p.entry();
      if (entry) entries.push(entry);
    } catch (err) {
      if (!(err instanceof EntryError)) throw err;
      const what = p.key ? ` in entry ‘${p.key}’` : p.macro ? ` in @string ‘${p.macro}’` : '';
      problems.push({ message: `BibTeX syntax error${what}: ${err.message}`, offset: err.offset, severity: 'error', ...(p.key ? { key: p.key } : {}) });
    }
  }
  return { entries, problems };
}

const NAME_CHAR = /[^\s"#%'(),={}]/;

class EntryParser {
  private pos: number;
  key = '';
  /** The @string being defined, for messages. */
  macro = '';
  constructor(
    private readonly text: string,
    start: number,
    private readonly end: number,
    private readonly macros: Map<string, string>,
    private readonly problems: SyntaxProblem[],
  ) {
    this.pos = start;
  }

  private skipSpace(): void {
    const t = this.text;
    while (this.pos < this.end) {
      const c = t[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\uFEFF') this.pos++;
      else if (c === '%') {
        // A comment between fields runs to the end of its line.
        const eol = t.indexOf('\n', this.pos);
        this.pos = eol < 0 || eol > this.end ? this.end : eol + 1;
      } else break;
    }
  }

  private fail(message: string, at = this.pos): never {
    throw new EntryError(message, at);
  }

  private describe(at: number): string {
    if (at >= this.end) return 'the end of the entry';
    const c = this.text[at];
    if (c === '}' || c === ')') return `‘${c}’`;
    const word = /^[^\s,={}]{1,20}/.exec(this.text.slice(at, at + 20));
    return word ? `‘${word[0]}’` : `‘${c}’`;
  }

  private name(): string {
    const t = this.text;
    const start = this.pos;
    while (this.pos < this.end && NAME_CHAR.test(t[this.pos])) this.pos++;
    return t.slice(start, this.pos);
  }

  entry(): RawBibEntry | undefined {
    const t = this.text;
    const offset = this.pos;
    this.pos++; // '@'
    this.skipSpace();
    const type = this.name().toLowerCase();
    this.skipSpace();
    const open = t[this.pos];
    const close = open === '(' ? ')' : '}';
    this.pos++;
    this.skipSpace();
    if (type === 'string') {
      const name = this.name();
      if (!name) this.fail(`expected a macro name after @string, found ${this.describe(this.pos)}`);
      this.macro = name;
      this.skipSpace();
      if (t[this.pos] !== '=') this.fail(`expected ‘=’ after @string name ‘${name}’, found ${this.describe(this.pos)}`);
      this.pos++;
      const value = this.value(undefined, name);
      this.macros.set(name.toLowerCase(), value);
      return undefined;
    }
    // The key: everything up to the first comma (BibTeX allows nearly any character).
    const keyStart = this.pos;
    while (this.pos < this.end && t[this.pos] !== ',' && t[this.pos] !== close && !/\s/.test(t[this.pos])) this.pos++;
    this.key = t.slice(keyStart, this.pos);
    if (this.key === '') this.fail('the entry has no key');
    if (/[{}]/.test(this.key)) this.fail(`the key ‘${this.key}’ holds a brace`, keyStart);
    this.skipSpace();
    const fields = new Map<string, RawField>();
    const entry: RawBibEntry = { type, key: this.key, offset, fields };
    for (;;) {
      this.skipSpace();
      // The chunk ends just past the entry's closing delimiter.
      if (this.pos >= this.end - 1) break;
      if (t[this.pos] !== ',') this.fail(`expected ‘,’ between fields, found ${this.describe(this.pos)}`);
      this.pos++;
      this.skipSpace();
      if (this.pos >= this.end - 1) break; // a trailing comma
      if (t[this.pos] === ',') continue; // ", ," : an empty field, as biber reads it
      const fieldStart = this.pos;
      const name = this.name().toLowerCase();
      if (!name) this.fail(`expected a field name, found ${this.describe(this.pos)}`);
      this.skipSpace();
      if (t[this.pos] !== '=') this.fail(`expected ‘=’ after field ‘${name}’, found ${this.describe(this.pos)}`);
      this.pos++;
      const unprinted = UNPRINTED_FIELDS.has(name);
      let value: string;
      try {
        value = this.value(name, undefined);
      } catch (err) {
        if (!(err instanceof EntryError) || !unprinted) throw err;
        // Skip to the next field at the entry's top level and carry on without this one.
        this.problems.push({ message: `field ‘${name}’ of entry ‘${this.key}’ is ignored: ${err.message}`, offset: err.offset, severity: 'warning', key: this.key, field: name });
        this.skipToNextField(close);
        continue;
      }
      if (value.length > MAX_FIELD_LENGTH) {
        const message = `field ‘${name}’ is ${value.length.toLocaleString('en')} characters long (at most ${MAX_FIELD_LENGTH.toLocaleString('en')})`;
        if (!unprinted) this.fail(message, fieldStart);
        this.problems.push({ message: `${message}; it is ignored`, offset: fieldStart, severity: 'warning', key: this.key, field: name });
        continue;
      }
      if (fields.has(name)) {
        if (unprinted) continue; // Mendeley and JabRef repeat keywords; nothing is lost in print
        this.problems.push({ message: `entry ‘${this.key}’ has field ‘${name}’ twice; the first is kept`, offset: fieldStart, severity: 'warning', key: this.key });
        continue;
      }
      fields.set(name, { name, value, offset: fieldStart });
    }
    return entry;
  }

  private skipToNextField(close: string): void {
    let depth = 0;
    const t = this.text;
    for (; this.pos < this.end; this.pos++) {
      const c = t[this.pos];
      if (c === '{') depth++;
      else if (c === '}') depth = Math.max(0, depth - 1);
      else if (depth === 0 && (c === ',' || (c === close && this.pos === this.end - 1))) return;
    }
  }

  /** value = piece ('#' piece)*. */
  private value(field: string | undefined, macroName: string | undefined): string {
    let out = '';
    for (;;) {
      this.skipSpace();
      out += this.piece(field, macroName);
      this.skipSpace();
      if (this.text[this.pos] !== '#') break;
      this.pos++;
    }
    return out;
  }

  private piece(field: string | undefined, macroName: string | undefined): string {
    const t = this.text;
    const c = t[this.pos];
    if (c === '{') return this.delimited('{');
    if (c === '"') return this.delimited('"');
    const start = this.pos;
    if (/[0-9]/.test(c ?? '')) {
      while (this.pos < this.end && /[0-9]/.test(t[this.pos])) this.pos++;
      return t.slice(start, this.pos);
    }
    const name = this.name();
    if (!name) this.fail(`expected a value${field ? ` for field ‘${field}’` : ''}, found ${this.describe(this.pos)}`);
    const value = this.macros.get(name.toLowerCase());
    if (value === undefined) {
      this.problems.push({
        message: `undefined @string macro ‘${name}’${field ? ` in field ‘${field}’` : macroName ? ` in @string ‘${macroName}’` : ''}${this.key ? ` of entry ‘${this.key}’` : ''}; it is left empty`,
        offset: start,
        severity: 'warning',
        ...(this.key ? { key: this.key } : {}),
        ...(field ? { field } : {}),
      });
      return '';
    }
    return value;
  }

  /** A {…} or "…" value; braces inside must balance. Returns the text inside. */
  private delimited(open: '{' | '"'): string {
    const t = this.text;
    const start = this.pos;
    this.pos++;
    let depth = 0;
    let maxDepth = 0;
    for (; this.pos < this.end; this.pos++) {
      const c = t[this.pos];
      if (c === '\\') {
        // \{ and \} are characters, not braces; \\ is one pair.
        const next = t[this.pos + 1];
        if (next === '{' || next === '}' || next === '\\') this.pos++;
        continue;
      }
      if (c === '{') {
        depth++;
        if (depth > maxDepth) maxDepth = depth;
      } else if (c === '}') {
        if (depth === 0) {
          if (open === '{') {
            const inner = t.slice(start + 1, this.pos);
            this.pos++;
            this.checkDepth(maxDepth, start);
            return inner;
          }
          this.fail('this "…" value has no closing ‘"’ before a ‘}’ that closes nothing', this.pos);
        }
        depth--;
      } else if (c === '"' && open === '"' && depth === 0) {
        const inner = t.slice(start + 1, this.pos);
        this.pos++;
        this.checkDepth(maxDepth, start);
        return inner;
      }
    }
    this.fail(open === '{' ? 'this value’s ‘{’ is never closed' : 'this "…" value is never closed', start);
  }

  private checkDepth(depth: number, at: number): void {
    if (depth >= MAX_BRACE_DEPTH) this.fail(`braces nested ${depth} deep (at most ${MAX_BRACE_DEPTH - 1})`, at);
  }
}
