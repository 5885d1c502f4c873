/**
 * Checks on citations and entries that give a person something to fix: unknown keys
 * (with the closest known ones), entries never cited, entries missing what the list prints.
 */
import type { CslItem } from './types.js';
import { editDistance } from '../messages/suggest.js';

export { editDistance };

/** Up to `max` known keys close to `key`, closest first (case differences count as half). */
export function closestKeys(key: string, known: Iterable<string>, max = 3): string[] {
  const limit = Math.max(2, Math.floor(key.length / 3));
  const scored: { k: string; d: number }[] = [];
  const lower = key.toLowerCase();
  for (const k of known) {
    const d = editDistance(lower, k.toLowerCase()) + (k === key ? 0 : k.toLowerCase() === lower ? 0.5 : 0);
    if (d <= limit) scored.push({ k, d });
  }
  scored.sort((x, y) => x.d - y.d || (x.k < y.k ? -1 : x.k > y.k ? 1 : 0));
  return scored.slice(0, max).map((s) => s.k);
}

/** "‘a’", "‘a’ or ‘b’", "‘a’, ‘b’ or ‘c’" */
export function orList(keys: string[]): string {
  const q = keys.map((k) => `‘${k}’`);
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
}

const ARTICLE_TYPES = new Set(['article-journal', 'article-magazine', 'article-newspaper']);
const BOOK_TYPES = new Set(['book']);
const WEB_TYPES = new Set(['webpage', 'post', 'post-weblog']);

function has(item: CslItem, field: string): boolean {
  const v = item[field];
  if (v === undefined || v === null || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') {
    const d = v as Record<string, unknown>;
    if ('date-parts' in d) {
      const parts = d['date-parts'];
      return Array.isArray(parts) && Array.isArray(parts[0]) && parts[0].length > 0 && parts[0][0] !== undefined;
    }
  }
  return true;
}

/**
 * Fields a reference list prints that the item lacks, as phrases for a message:
 * a title always; author or editor, and a year, for books and articles; the journal for
 * articles; the URL for web pages.
 */
export function missingFields(item: CslItem): string[] {
  const missing: string[] = [];
  const article = ARTICLE_TYPES.has(item.type);
  const book = BOOK_TYPES.has(item.type);
  if (!has(item, 'title')) missing.push('title');
  if ((article || book) && !has(item, 'author') && !has(item, 'editor')) missing.push('author or editor');
  if ((article || book) && !has(item, 'issued')) missing.push('year (issued)');
  if (article && !has(item, 'container-title')) missing.push('journal (container-title)');
  if (WEB_TYPES.has(item.type) && !has(item, 'URL')) missing.push('URL');
  return missing;
}
