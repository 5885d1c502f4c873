/**
 * Bibliography files → CSL-JSON items with source positions. The format follows the
 * file's extension; every format goes through citation-js so the items have one shape.
 */
import path from 'node:path';
import { extname } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { Reporter } from '../messages/diagnostic.js';
import { parseInput } from './plugins.js';
import { guessLanguage, normalizeItem } from './normalize.js';
import { crossrefOf, LineIndex, scanBibtex, scanJsonElements, scanRis, type BibChunk } from './positions.js';
import type { BibFile, CslItem, LoadedEntry } from './types.js';

/** What one file yields before keys are merged across files. */
interface RawEntry {
  item: Record<string, unknown>;
  offset: number;
  crossref?: string;
}

type FormatReader = (file: BibFile, lines: LineIndex, reporter: Reporter) => RawEntry[];

const READERS: Record<string, FormatReader> = {
  '.bib': readBibtex,
  '.bibtex': readBibtex,
  '.biblatex': readBibtex,
  '.ris': readRis,
  '.json': readCslJson,
  '.yaml': readCslYaml,
  '.yml': readCslYaml,
};

/**
 * Reads every file and merges the entries by key. A key defined twice keeps its first
 * definition; the second is reported and dropped.
 */
export function readBibliographies(files: BibFile[], reporter: Reporter): Map<string, LoadedEntry> {
  const entries = new Map<string, LoadedEntry>();
  for (const file of files) {
    const reader = READERS[extname(file.path).toLowerCase()];
    if (!reader) {
      reporter.error(
        `cannot read ‘${file.path}’: bibliography files must end in .bib, .ris, .json, .yaml or .yml`,
        'bibliography-format',
        { file: file.path, line: 1, column: 1 },
      );
      continue;
    }
    // A byte-order mark is not part of the first entry.
    const text = file.text.replace(/^\uFEFF/, '');
    const lines = new LineIndex(text);
    const raw = reader({ path: file.path, text }, lines, reporter);
    if (raw.length === 0) {
      if (!reporter.errors.some((d) => d.file === file.path)) {
        reporter.warn(`‘${path.basename(file.path)}’ has no bibliography entries`, 'bibliography-empty', { file: file.path, line: 1, column: 1 });
      }
      continue;
    }
    for (const r of raw) {
      const { line, column } = lines.at(r.offset);
      const id = r.item.id;
      if (typeof id !== 'string' || id === '') {
        reporter.error('this entry has no key (CSL ‘id’)', 'bibliography-syntax', { file: file.path, line, column });
        continue;
      }
      const previous = entries.get(id);
      if (previous) {
        reporter.error(
          `duplicate key ‘${id}’: also defined at ${path.relative(path.dirname(file.path), previous.file) || path.basename(previous.file)}:${previous.line}:${previous.column}; this definition is ignored`,
          'bibliography-duplicate-key',
          { file: file.path, line, column },
        );
        continue;
      }
      const item = r.item as CslItem;
      if (typeof item.type !== 'string' || item.type === '') item.type = 'document';
      const explicit = normalizeItem(item);
      const guessed = explicit ? undefined : guessLanguage(item.title);
      const entry: LoadedEntry = { item, file: file.path, line, column };
      if (explicit) {
        entry.lang = explicit;
        entry.langSource = 'field';
      } else if (guessed) {
        entry.lang = guessed;
        entry.langSource = 'script';
      }
      if (r.crossref) entry.crossref = r.crossref;
      entries.set(id, entry);
    }
  }
  return entries;
}

// ---------------------------------------------------------------------------
// BibTeX / BibLaTeX

const TOKEN_NAMES: Record<string, string> = {
  rbrace: '‘}’',
  lbrace: '‘{’',
  comma: '‘,’',
  equals: '‘=’',
  hash: '‘#’',
  quote: '‘"’',
  identifier: 'a field name',
  label: 'an entry key',
  number: 'a number',
  text: 'text',
  at: '‘@’',
  junk: 'text',
  dataEntryType: 'an entry type',
  otherEntryType: 'an entry type',
  EOF: 'the end of the file',
};

/** citation-js's `expected "rbrace", got "identifier" at line 4 col 2: …` → message and place. */
function describeBibtexError(err: unknown): { message: string; line?: number; column?: number } {
  const text = err instanceof Error ? err.message : String(err);
  const pos = /at line (\d+) col (\d+)/.exec(text);
  const what = /expected "(\w+)", got (?:"(\w+)"|(EOF))/.exec(text);
  let message: string;
  if (what) {
    const expected = TOKEN_NAMES[what[1]] ?? what[1];
    const got = TOKEN_NAMES[what[2] ?? what[3]] ?? what[2] ?? what[3];
    message = `BibTeX syntax error: expected ${expected}, found ${got}`;
  } else if (/invalid syntax/.test(text)) {
    // moo's lexer error: usually an '@' outside an entry, which BibTeX reads as an entry start.
    message = 'BibTeX syntax error: unexpected text after ‘@’ (outside entries, ‘@’ always starts an entry)';
  } else message = `BibTeX syntax error: ${text.split('\n')[0]}`;
  return pos ? { message, line: Number(pos[1]), column: Number(pos[2]) } : { message };
}

const NON_DATA = new Set(['string', 'preamble']);

function readBibtex(file: BibFile, lines: LineIndex, reporter: Reporter): RawEntry[] {
  const { text } = file;
  const chunks = scanBibtex(text);
  const data = chunks.filter((c) => !NON_DATA.has(c.type));
  let items: Record<string, unknown>[];
  try {
    items = parseInput(text, '@biblatex/text');
  } catch (err) {
    return readBibtexEntryByEntry(file, lines, chunks, err, reporter);
  }
  return pairByKey(items, data, text);
}

/** Pairs citation-js items with scanned entries: by key, in order, so duplicates pair up too. */
function pairByKey(items: Record<string, unknown>[], chunks: BibChunk[], text: string): RawEntry[] {
  const byKey = new Map<string, BibChunk[]>();
  for (const c of chunks) {
    const list = byKey.get(c.key);
    if (list) list.push(c);
    else byKey.set(c.key, [c]);
  }
  return items.map((item) => {
    const chunk = byKey.get(String(item.id))?.shift();
    const entry: RawEntry = { item, offset: chunk ? chunk.start : 0 };
    const crossref = chunk ? crossrefOf(text.slice(chunk.start, chunk.end)) : undefined;
    if (crossref) entry.crossref = crossref;
    return entry;
  });
}

/**
 * After a syntax error, parse each entry on its own (with the file's @string macros
 * before it) so one broken entry reports its own line and does not hide the others.
 * Crossref inheritance is lost in this mode; it only runs when there is an error anyway.
 */
function readBibtexEntryByEntry(
  file: BibFile,
  lines: LineIndex,
  chunks: BibChunk[],
  wholeFileError: unknown,
  reporter: Reporter,
): RawEntry[] {
  const { text } = file;
  const out: RawEntry[] = [];
  let macros = '';
  let reported = false;
  for (const chunk of chunks) {
    const source = text.slice(chunk.start, chunk.end);
    const at = lines.at(chunk.start);
    if (!chunk.closed) {
      const what = chunk.key ? `entry ‘${chunk.key}’` : `@${chunk.type} entry`;
      reporter.error(`BibTeX syntax error: ${what} is never closed (a ‘}’ is missing)`, 'bibliography-syntax', {
        file: file.path,
        ...at,
      });
      reported = true;
      continue;
    }
    // Pad so that line and column numbers in citation-js's errors are the file's own.
    const macroLines = macros.split('\n').length - 1;
    const padding = at.line - 1 - macroLines >= 0 ? '\n'.repeat(at.line - 1 - macroLines) + ' '.repeat(at.column - 1) : null;
    const input = padding === null ? source : macros + padding + source;
    try {
      const items = parseInput(input, '@biblatex/text');
      if (chunk.type === 'string') macros += source + '\n';
      else out.push(...pairByKey(items, [chunk], text));
    } catch (err) {
      const d = describeBibtexError(err);
      const place = padding !== null && d.line !== undefined ? { line: d.line, column: d.column } : at;
      reporter.error(d.message, 'bibliography-syntax', { file: file.path, ...place });
      reported = true;
    }
  }
  if (!reported) {
    const d = describeBibtexError(wholeFileError);
    reporter.error(d.message, 'bibliography-syntax', { file: file.path, line: d.line ?? 1, column: d.column ?? 1 });
  }
  return out;
}

// ---------------------------------------------------------------------------
// RIS

function readRis(file: BibFile, lines: LineIndex, reporter: Reporter): RawEntry[] {
  const { text } = file;
  const { records, stray } = scanRis(text);
  if (stray.length > 0) {
    reporter.error(
      `RIS syntax error: text outside a record (records run from ‘TY  - ’ to ‘ER  - ’)${stray.length > 1 ? `; ${stray.length} such lines` : ''}`,
      'bibliography-syntax',
      { file: file.path, ...lines.at(stray[0]) },
    );
  }
  for (const r of records) {
    if (!r.closed) {
      reporter.error('RIS syntax error: this record is not closed with ‘ER  - ’', 'bibliography-syntax', {
        file: file.path,
        ...lines.at(r.start),
      });
    }
  }
  if (records.length === 0) return [];
  // Only the records' own text: citation-js fails on tags outside a record.
  let items: Record<string, unknown>[];
  try {
    items = parseInput(records.map((r) => text.slice(r.start, r.end)).join('\n'), '@ris/file');
  } catch (err) {
    reporter.error(`RIS syntax error: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`, 'bibliography-syntax', {
      file: file.path,
      ...lines.at(records[0].start),
    });
    return [];
  }
  const used = new Set<string>();
  return items.map((item, i) => {
    const record = records[i] ?? records[records.length - 1];
    if (typeof item.id !== 'string' || item.id === '') item.id = makeKey(item, used);
    used.add(String(item.id));
    return { item, offset: record.start };
  });
}

/**
 * A key for a record without an ID tag, as people would type it: first author's family
 * name and the year ("doe2001"), with a letter added when taken. Deterministic, so the
 * key stays the same from build to build.
 */
function makeKey(item: Record<string, unknown>, used: Set<string>): string {
  const authors = Array.isArray(item.author) ? (item.author as Record<string, unknown>[]) : [];
  const first = authors[0];
  const name = String(first?.family ?? first?.literal ?? item.title ?? 'ref')
    .toLowerCase()
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, '')
    .slice(0, 24);
  const issued = item.issued as { 'date-parts'?: unknown[][] } | undefined;
  const year = issued?.['date-parts']?.[0]?.[0] ?? '';
  const base = `${name || 'ref'}${year}`;
  let key = base;
  for (let n = 0; used.has(key); n++) key = base + String.fromCharCode(97 + (n % 26)) + (n >= 26 ? String(n) : '');
  return key;
}

// ---------------------------------------------------------------------------
// CSL-JSON and CSL-YAML

/** The item list inside parsed CSL-JSON/YAML: an array, one item, or {references|items: […]}. */
function itemsOf(data: unknown): { list: unknown[]; key?: string } | undefined {
  if (Array.isArray(data)) return { list: data };
  if (typeof data === 'object' && data !== null) {
    const o = data as Record<string, unknown>;
    for (const key of ['references', 'items']) if (Array.isArray(o[key])) return { list: o[key] as unknown[], key };
    if ('id' in o || 'type' in o) return { list: [o] };
  }
  if (data === null || data === undefined) return { list: [] };
  return undefined;
}

/** Checks shapes, then lets citation-js bring items to CSL 1.0.2 (e.g. renamed fields). */
function cslItems(
  list: unknown[],
  offsets: number[],
  file: BibFile,
  lines: LineIndex,
  reporter: Reporter,
): RawEntry[] {
  const items: Record<string, unknown>[] = [];
  const at: number[] = [];
  list.forEach((element, i) => {
    const offset = offsets[i] ?? 0;
    if (typeof element !== 'object' || element === null || Array.isArray(element)) {
      reporter.error('CSL syntax error: each item must be an object', 'bibliography-syntax', { file: file.path, ...lines.at(offset) });
      return;
    }
    const item = { ...(element as Record<string, unknown>) };
    if (typeof item.id === 'number') item.id = String(item.id);
    items.push(item);
    at.push(offset);
  });
  if (items.length === 0) return [];
  const upgraded = parseInput(items, '@csl/list+object');
  return items.map((item, i) => ({ item: upgraded[i] ?? item, offset: at[i] }));
}

function readCslJson(file: BibFile, lines: LineIndex, reporter: Reporter): RawEntry[] {
  let data: unknown;
  try {
    data = file.text.trim() === '' ? [] : JSON.parse(file.text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const pos = /position (\d+)/.exec(message);
    const lc = /line (\d+) column (\d+)/.exec(message);
    const at = lc ? { line: Number(lc[1]), column: Number(lc[2]) } : lines.at(pos ? Number(pos[1]) : 0);
    reporter.error(`CSL-JSON syntax error: ${message.replace(/ in JSON at position \d+.*$/, '')}`, 'bibliography-syntax', {
      file: file.path,
      ...at,
    });
    return [];
  }
  const found = itemsOf(data);
  if (!found) {
    reporter.error('CSL-JSON must be a list of items', 'bibliography-syntax', { file: file.path, line: 1, column: 1 });
    return [];
  }
  return cslItems(found.list, scanJsonElements(file.text, found.key), file, lines, reporter);
}

function readCslYaml(file: BibFile, lines: LineIndex, reporter: Reporter): RawEntry[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(file.text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const at = lineCounter.linePos(e.pos[0]);
      reporter.error(`CSL-YAML syntax error: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`, 'bibliography-syntax', {
        file: file.path,
        line: at.line,
        column: at.col,
      });
    }
    return [];
  }
  const found = itemsOf(doc.toJS());
  if (!found) {
    reporter.error('CSL-YAML must be a list of items', 'bibliography-syntax', { file: file.path, line: 1, column: 1 });
    return [];
  }
  let seq: unknown = doc.contents;
  if (found.key && isMap(doc.contents)) seq = doc.contents.get(found.key, true);
  const offsets: number[] = [];
  if (isSeq(seq)) for (const node of seq.items) offsets.push((node as YamlNode).range?.[0] ?? 0);
  else if (doc.contents && (doc.contents as YamlNode).range) offsets.push((doc.contents as YamlNode).range![0]);
  return cslItems(found.list, offsets, file, lines, reporter);
}
