/**
 * Word fidelity as the probes define it: words NFC, lower-cased, with punctuation, symbols
 * and controls removed; the manuscript's citations dropped (their rendering is the style's).
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

export function normWords(text: string): string[] {
  return text
    .normalize('NFC')
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/[\p{P}\p{S}\p{C}]/gu, ''))
    .filter((w) => w.length > 0);
}

/** The words a reader should find: title and author names, then the body. */
export function manuscriptWords(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(src);
  if (!m) throw new Error(`${file}: no front matter`);
  const fm = parseYaml(m[1]) as { title: string; authors?: ({ name: string } | string)[] };
  const names = (fm.authors ?? []).map((a) => (typeof a === 'string' ? a : a.name));
  const body = m[2]
    .replace(/\[[^\]]*@[^\]]*\]/g, ' ')
    .replace(/^\s*[-*+]\s+/gm, ' ')
    .replace(/^#+\s+/gm, ' ');
  return normWords([fm.title, ...names, body].join(' '));
}

/** Joins words split by a hyphen at a line end ("hyphen-\nation"). */
export function joinHyphenated(text: string): string {
  return text.replace(/(\p{L})-\n\s*(\p{L})/gu, '$1$2');
}

/**
 * Share of `ref` words found in order in `out`: the longest common subsequence, as the
 * probes compute it, and the reference words outside it.
 */
export function inOrderShare(ref: string[], out: string[]): { share: number; missing: string[] } {
  const n = ref.length;
  const m = out.length;
  if (n === 0) return { share: 1, missing: [] };
  // Full table of directions in bytes: fine for articles (thousands × thousands).
  const dir = new Uint8Array((n + 1) * (m + 1));
  let prev = new Int32Array(m + 1);
  let cur = new Int32Array(m + 1);
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      if (ref[i - 1] === out[j - 1]) {
        cur[j] = prev[j - 1] + 1;
        dir[i * (m + 1) + j] = 1;
      } else if (prev[j] >= cur[j - 1]) {
        cur[j] = prev[j];
        dir[i * (m + 1) + j] = 2;
      } else {
        cur[j] = cur[j - 1];
        dir[i * (m + 1) + j] = 3;
      }
    }
    [prev, cur] = [cur, prev];
  }
  const found = new Uint8Array(n);
  for (let i = n, j = m; i > 0 && j > 0; ) {
    const d = dir[i * (m + 1) + j];
    if (d === 1) {
      found[i - 1] = 1;
      i--;
      j--;
    } else if (d === 2) i--;
    else j--;
  }
  const missing = ref.filter((_, k) => !found[k]);
  return { share: (n - missing.length) / n, missing };
}

/** The placed text items as running text: pieces of one word (a superscript, a hyphenated break) joined by their positions. */
export function placedText(items: { x: number; y: number; width: number; text: string }[]): string {
  let text = '';
  let prev: (typeof items)[number] | undefined;
  for (const i of items) {
    const touching = prev && Math.abs(prev.y - i.y) < 5 && Math.abs(prev.x + prev.width - i.x) < 0.05;
    text += (touching ? '' : ' ') + i.text;
    if (prev && prev.y !== i.y && prev.text.endsWith('-') && /\p{L}$/u.test(prev.text.slice(0, -1))) text = text.replace(/-\s(\S+)$/u, '$1');
    prev = i;
  }
  return text;
}
