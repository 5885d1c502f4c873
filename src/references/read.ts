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
import { LineIndex, scanJsonElements, scanRis } from './positions.js';
import { parseBibtexSyntax, type BibSyntax } from './bibtex-syntax.js';
import { mapBiblatex } from './biblatex.js';
import { genreTerm } from './genre-terms.js';
import type { BibFile, CslItem, LoadedEntry } from './types.js';

/** What one file yields before keys are merged across files. */
interface RawEntry {
  item: Record<string, unknown>;
  offset: number;
  crossref?: string;
  members?: string[];
}

/** biblatex type keys that other tools write into CSL `genre` as they are. */
const RAW_GENRE_KEYS = new Set(['phdthesis', 'mathesis', 'candthesis', 'docthesis', 'bathesis', 'techreport', 'resreport', 'mastersthesis']);

/** What readers share across the files of one call: BibTeX parsed up front, for crossref between files. */
interface ReadContext {
  bibtex: Map<string, BibSyntax>;
}

type FormatReader = (file: BibFile, lines: LineIndex, reporter: Reporter, context: ReadContext) => RawEntry[];

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
  const context: ReadContext = { bibtex: new Map() };
  for (const file of files) {
    if (READERS[extname(file.path).toLowerCase()] === readBibtex) context.bibtex.set(file.path, parseBibtexSyntax(file.text.replace(/^\uFEFF/, '')));
  }
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
    const raw = reader({ path: file.path, text }, lines, reporter, context);
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
        // BibTeX and pandoc go on with the first definition, and published papers rely on it.
        reporter.warn(
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
      // A genre given as a biblatex key in any format ("phdthesis" in CSL-JSON too) is a term.
      if (typeof item.genre === 'string' && RAW_GENRE_KEYS.has(item.genre.toLowerCase())) item.genre = genreTerm(item.genre, entry.lang ?? item.language) ?? item.genre;
      if (r.crossref) entry.crossref = r.crossref;
      if (r.members) entry.members = r.members;
      entries.set(id, entry);
    }
  }
  return entries;
}

// ---------------------------------------------------------------------------
// BibTeX / BibLaTeX
//
// Our own reader (bibtex-syntax.ts → latex.ts → biblatex.ts), not citation-js's BibTeX
// plugin: the plugin rejected whole files over LaTeX it did not know (an \enquote* in an
// annotation cost the entry, "at line 0"), leaked \TeX, \S, \mbox and math as raw TeX,
// crashed on list-valued `language`, printed `and others` as a person and dropped
// `location = {A and B}`. The CSL-JSON it makes still goes through citation-js's CSL
// normaliser, as CSL-JSON files do.

/** Rule ids for the reader's messages, by what went wrong. */
function bibtexRule(message: string): string {
  if (message.startsWith('undefined @string')) return 'bibliography-undefined-string';
  if (message.startsWith('unknown LaTeX')) return 'bibliography-latex';
  if (/crossref|xdata/.test(message) && !message.startsWith('BibTeX syntax')) return 'bibliography-crossref';
  if (message.startsWith('field ‘') || message.includes(' twice;') || message.includes('has no entryset')) return 'bibliography-field';
  return 'bibliography-syntax';
}

function readBibtex(file: BibFile, lines: LineIndex, reporter: Reporter, context: ReadContext): RawEntry[] {
  const syntax = context.bibtex.get(file.path) ?? parseBibtexSyntax(file.text);
  const others = [...context.bibtex].filter(([p]) => p !== file.path).flatMap(([, s]) => s.entries);
  const mapped = mapBiblatex(syntax.entries, others);
  const problems = [...syntax.problems, ...mapped.problems].sort((a, b) => a.offset - b.offset);
  for (const p of problems) {
    const at = { file: file.path, ...lines.at(p.offset) };
    if (p.severity === 'error') reporter.error(p.message, bibtexRule(p.message), at);
    else reporter.warn(p.message, bibtexRule(p.message), at);
  }
  if (mapped.entries.length === 0) return [];
  const upgraded = parseInput(
    mapped.entries.map((m) => m.item),
    '@csl/list+object',
  );
  return mapped.entries.map((m, i) => {
    const entry: RawEntry = { item: upgraded[i] ?? m.item, offset: m.offset };
    if (m.crossref) entry.crossref = m.crossref;
    if (m.members) entry.members = m.members;
    return entry;
  });
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
