import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Inline } from '../../src/document/model.js';
import { Reporter } from '../../src/messages/diagnostic.js';
import { inlineText, readBibliographies } from '../../src/references/index.js';
import type { BibFile, CiteItemRef, Cluster, LoadedEntry } from '../../src/references/index.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/references/', import.meta.url));

export function fixture(name: string): BibFile {
  return { path: name, text: readFileSync(FIXTURES + name, 'utf8') };
}

/** Reads fixtures into one key space; messages go to `reporter`. */
export function load(names: string[], reporter = new Reporter()): Map<string, LoadedEntry> {
  return readBibliographies(names.map(fixture), reporter);
}

/** Expected strings write no-break spaces as '~' (as TeX does), so they stay readable. */
export function nb(s: string): string {
  return s.replace(/~/g, '\u00a0');
}

export function text(inlines: Inline[]): string {
  return inlineText(inlines);
}

const POS = { file: 'article.md', line: 1, column: 1 };

/** A parenthetical cluster; items are keys or `key@locator`. */
export function cite(id: string, ...items: (string | Partial<CiteItemRef>)[]): Cluster {
  return {
    id,
    mode: 'parenthetical',
    items: items.map((it, i) => {
      const pos = { ...POS, line: Number(id.replace(/\D/g, '')) || 1, column: 1 + i * 10 };
      if (typeof it === 'string') {
        const [key, locator] = it.split('@');
        return { key, pos, ...(locator ? { locator } : {}) };
      }
      return { key: '', pos, ...it };
    }),
  };
}
