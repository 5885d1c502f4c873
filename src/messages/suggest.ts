/** "Did you mean …": the closest candidate by edit distance, if it is close enough. */
export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
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
