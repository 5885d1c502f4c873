/**
 * YAML with positions: parse a document, validate it against a zod schema, and turn every
 * problem into a message at the YAML line and column. Unknown keys are warnings with a
 * suggestion, not errors: an editor's typo should not stop a build, but must be seen.
 */
import { LineCounter, parseDocument, isMap, isSeq, isNode, type Node as YamlNode } from 'yaml';
import { z } from 'zod';
import type { Reporter } from '../messages/diagnostic.js';
import { closest } from '../messages/suggest.js';

export interface YamlSource {
  file: string;
  text: string;
  /** Line and column (1-based) of the first character of `text` in the file. */
  line?: number;
  column?: number;
}

export interface Located<T> {
  value: T;
  /** Position of the value at a key path, or of the document when the path is absent. */
  at(path: readonly (string | number)[]): { file: string; line: number; column: number };
}

/**
 * Parses and validates; returns null (after reporting) when the YAML is broken or the
 * data does not fit the schema.
 */
export function readYaml<S extends z.ZodType>(
  src: YamlSource,
  schema: S,
  reporter: Reporter,
): Located<z.infer<S>> | null {
  let lineCounter = new LineCounter();
  // Alias expansion is capped so a "billion laughs" file fails fast instead of eating memory.
  let doc = parseDocument(src.text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  // Pandoc (libyaml, HsYAML) reads a quoted top-level value whose next lines are not
  // indented, and JOSS papers are written so; the yaml package does not. Indent those
  // lines by one space and read again: the value is the same, the columns one further on.
  let repaired: number | undefined;
  if (doc.errors.some((e) => e.code === 'MISSING_CHAR' || e.code === 'MULTILINE_IMPLICIT_KEY')) {
    const fix = indentQuotedContinuations(src.text);
    if (fix) {
      const lc = new LineCounter();
      const again = parseDocument(fix.text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
      if (again.errors.length === 0) {
        doc = again;
        lineCounter = lc;
        repaired = fix.line;
      }
    }
  }
  const startLine = src.line ?? 1;
  const startCol = src.column ?? 1;
  const pos = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { file: src.file, line: startLine + p.line - 1, column: p.line === 1 ? startCol + p.col - 1 : p.col };
  };
  const at = (path: readonly (string | number)[]) => {
    let node: unknown = doc.contents;
    let found: unknown = doc.contents;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((it) => isNode(it.key) && (it.key as { value?: unknown }).value === key);
        if (!pair) break;
        node = pair.value ?? pair.key;
        // A missing value points at its key, so "title:" with nothing after it is found.
        found = isNode(pair.value) ? pair.value : pair.key;
      } else if (isSeq(node) && typeof key === 'number') {
        node = node.items[key];
        if (!isNode(node)) break;
        found = node;
      } else break;
    }
    const range = isNode(found) ? (found as YamlNode).range : undefined;
    return pos(range ? range[0] : 0);
  };

  if (repaired !== undefined) {
    reporter.warn('A quoted value goes on over lines that are not indented; indent them (read as if they were)', 'yaml-indent', { file: src.file, line: startLine + repaired - 1, column: 1 });
  }
  if (doc.errors.length > 0) {
    let tooDeep = false;
    for (const err of doc.errors) {
      // The yaml parser recurses per level: thousands of nested brackets or indents overflow
      // its stack, which it reports (once per level it unwinds) as a plain error.
      const deep = /call stack/i.test(err.message);
      if (deep && tooDeep) continue;
      tooDeep ||= deep;
      const text = err.code === 'DUPLICATE_KEY' ? 'Duplicate key in YAML' : deep ? 'YAML nested too deeply to read' : `Invalid YAML: ${err.message.split('\n')[0]}`;
      // Where the stack ran out depends on the machine: point at the YAML's start instead.
      reporter.error(text, 'yaml-syntax', pos(deep ? 0 : err.pos[0]));
    }
    return null;
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    reporter.error(`YAML could not be read: ${(e as Error).message.split('\n')[0]}`, 'yaml-syntax', pos(0));
    return null;
  }
  if (data === null || data === undefined) data = {};

  let result = schema.safeParse(data);
  // Unknown keys: warn with a suggestion, drop them, validate again.
  if (!result.success) {
    const unknown = result.error.issues.filter((i) => i.code === 'unrecognized_keys');
    if (unknown.length > 0) {
      for (const issue of unknown) {
        const parentPath = issue.path as (string | number)[];
        const known = knownKeys(schema, parentPath);
        for (const key of (issue as { keys: string[] }).keys) {
          const hint = closest(key, known);
          reporter.warn(
            `Unknown key ‘${key}’${hint ? `; did you mean ‘${hint}’?` : ''}`,
            'config-unknown-key',
            keyPos(doc, [...parentPath, key], pos) ?? at(parentPath),
          );
          removeAt(data, [...parentPath, key]);
        }
      }
      result = schema.safeParse(data);
    }
  }
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path as (string | number)[];
      const missing = issue.code === 'invalid_type' && valueAt(data, path) === undefined;
      // A key that is absent is reported as such, at the start of the block it belongs in.
      if (missing) reporter.error(`Missing required key ‘${path.join('.')}’`, 'config-missing-key', at(path.slice(0, -1)));
      else reporter.error(`${path.length ? `‘${path.join('.')}’: ` : ''}${issue.message}`, 'config-invalid', at(path));
    }
    return null;
  }
  return { value: result.data, at };
}

/**
 * The text with every line inside an unclosed top-level quoted value indented by one space,
 * and the (1-based) line of the first such value; null when there is none.
 */
export function indentQuotedContinuations(text: string): { text: string; line: number } | null {
  const lines = text.split('\n');
  let first: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const m = /^[^\s#'"][^:#]*:\s+(['"])/.exec(lines[i]);
    if (!m) continue;
    const quote = m[1];
    const open = m[0].length;
    if (closes(lines[i].slice(open), quote)) continue;
    let j = i + 1;
    while (j < lines.length && !closes(lines[j], quote)) j++;
    if (j >= lines.length) return null;
    for (let k = i + 1; k <= j; k++) if (lines[k] !== '' && !/^\s/.test(lines[k])) lines[k] = ` ${lines[k]}`;
    first ??= i + 2;
    i = j;
  }
  return first === undefined ? null : { text: lines.join('\n'), line: first };
}

/** Whether a quoted scalar's rest of line holds its closing quote ('' and \" do not close). */
function closes(rest: string, quote: string): boolean {
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (quote === '"' && c === '\\') i++;
    else if (c === quote) {
      if (quote === "'" && rest[i + 1] === "'") i++;
      else return true;
    }
  }
  return false;
}

function keyPos(
  doc: ReturnType<typeof parseDocument>,
  path: (string | number)[],
  pos: (offset: number) => { file: string; line: number; column: number },
) {
  let node: unknown = doc.contents;
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    if (isMap(node)) {
      const pair = node.items.find((it) => isNode(it.key) && (it.key as { value?: unknown }).value === key);
      if (!pair) return null;
      if (i === path.length - 1) return isNode(pair.key) && pair.key.range ? pos(pair.key.range[0]) : null;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') node = node.items[key];
    else return null;
  }
  return null;
}

function removeAt(data: unknown, path: (string | number)[]): void {
  let node = data as Record<string | number, unknown> | undefined;
  for (const key of path.slice(0, -1)) node = node?.[key] as Record<string | number, unknown> | undefined;
  if (node && typeof node === 'object') delete node[path[path.length - 1]];
}

/** Keys a (possibly nested) object schema accepts at a path, for "did you mean". */
function knownKeys(schema: z.ZodType, path: (string | number)[]): string[] {
  let s: z.ZodType | undefined = schema;
  for (const key of path) {
    s = unwrap(s);
    if (s instanceof z.ZodObject) s = (s.shape as Record<string, z.ZodType>)[String(key)];
    else if (s instanceof z.ZodArray) s = s.element as z.ZodType;
    else return [];
  }
  s = unwrap(s);
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}

function unwrap(s: z.ZodType | undefined): z.ZodType | undefined {
  let cur = s;
  while (cur instanceof z.ZodOptional || cur instanceof z.ZodDefault || cur instanceof z.ZodNullable) {
    cur = cur.unwrap() as z.ZodType;
  }
  return cur;
}

function valueAt(data: unknown, path: (string | number)[]): unknown {
  let node = data;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}
