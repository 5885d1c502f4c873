/** "Did you mean …": the closest candidate by edit distance, if it is close enough. */
/** Optimal-string-alignment distance: Levenshtein plus swapped neighbours (a common typo). */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  if (m === 0) return n;
  if (n === 0) return m;
  let prev2: number[] = [];
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur.push(v);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n];
}

export function closestN(word: string, candidates: Iterable<string>, n = 3): string[] {
  const scored: [string, number][] = [];
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    // Allow about a third of the word to differ; farther is noise, not a suggestion.
    if (d <= Math.max(2, Math.ceil(Math.max(word.length, c.length) / 3))) scored.push([c, d]);
  }
  scored.sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]));
  return scored.slice(0, n).map(([c]) => c);
}

export function closest(word: string, candidates: Iterable<string>): string | undefined {
  return closestN(word, candidates, 1)[0];
}
