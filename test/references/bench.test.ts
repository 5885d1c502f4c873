import { expect, it } from 'vitest';
import { Reporter } from '../../src/messages/diagnostic.js';
import { benchmarkReferences, formatReferences, loadStyle, readBibliographies, syntheticBibtex } from '../../src/references/index.js';

it('reads and formats a generated 1,000-entry BibTeX file', () => {
  // Warm up once (citeproc builds its engines on first use), then measure.
  benchmarkReferences(50);
  const run = benchmarkReferences(1000);
  console.info(
    `references: 1,000 BibTeX entries read in ${run.readMs.toFixed(0)} ms, ${run.clusters} clusters and the list formatted in ${run.formatMs.toFixed(0)} ms (baspa-gost, entries in en/kk/ru)`,
  );
  expect(run).toMatchObject({ entries: 1000, clusters: 1000, diagnostics: 0 });
});

it('numbers the generated entries in citation order and keeps each entry’s terms', () => {
  const reporter = new Reporter();
  const entries = readBibliographies([{ path: 'bench.bib', text: syntheticBibtex(30) }], reporter);
  const pos = { file: 'bench.md', line: 1, column: 1 };
  const clusters = Array.from({ length: 30 }, (_, i) => ({ id: `c${i}`, mode: 'parenthetical' as const, items: [{ key: `ref${30 - i}`, pos }] }));
  const result = formatReferences({ style: loadStyle('baspa-gost'), lang: 'en', entries, clusters, idPrefix: 'b-' }, reporter);
  expect(reporter.diagnostics).toEqual([]);
  expect(result.entries.map((e) => e.key).slice(0, 3)).toEqual(['ref30', 'ref29', 'ref28']);
  expect(result.entries.map((e) => e.label).slice(-1)).toEqual(['[30]']);
  // ref30 is an English article, ref29 a Russian book, ref28 a Kazakh article (see syntheticBibtex).
  const text = (i: number) => JSON.stringify(result.entries[i].children);
  expect(text(0)).toContain('P.\u00a0');
  expect(text(1)).toContain('\u00a0с.');
  expect(text(2)).toContain('Б.\u00a0');
});
