/**
 * A synthetic workload for the references stage, for the project's benchmark runner and
 * the tests: a generated BibTeX file read and formatted with a given style.
 */
import { performance } from 'node:perf_hooks';
import type { Lang } from '../document/model.js';
import { Reporter } from '../messages/diagnostic.js';
import { formatReferences } from './format.js';
import { readBibliographies } from './read.js';
import { loadStyle } from './style.js';
import { referencesCacheDir, setReferencesCacheDir } from './disk-cache.js';
import type { Cluster } from './types.js';

const SURNAMES = {
  en: ['Smith', 'Johnson', 'Müller', 'Renée', 'Brown', 'Taylor'],
  kk: ['Кәкішұлы', 'Нұрланова', 'Әбдіғалиев', 'Сәрсенбаева', 'Құнанбаев', 'Өмірзақов'],
  ru: ['Иванов', 'Петрова', 'Сидоров', 'Кузнецова', 'Смирнов', 'Попова'],
};
const WORDS = {
  en: ['history', 'language', 'steppe', 'literature', 'grammar', 'press'],
  kk: ['тарихы', 'тіл', 'дала', 'әдебиет', 'грамматика', 'баспасөз'],
  ru: ['история', 'язык', 'степь', 'литература', 'грамматика', 'печать'],
};
const LANGIDS: Record<Lang, string> = { en: 'english', kk: 'kazakh', ru: 'russian' };

/** `n` BibTeX entries (books and articles, in English, Kazakh and Russian) keyed ref1…refN. */
export function syntheticBibtex(n: number): string {
  const langs: Lang[] = ['en', 'kk', 'ru'];
  const out: string[] = ['@string{jkaz = {Хабаршы. Филология сериясы}}', ''];
  for (let i = 1; i <= n; i++) {
    const lang = langs[i % 3];
    const s = SURNAMES[lang];
    const w = WORDS[lang];
    const authors = Array.from({ length: 1 + (i % 5) }, (_, j) => `${s[(i + j) % s.length]}, ${'ABCDEFG'[(i + j) % 7]}. ${'KLMNOP'[j % 6]}.`).join(' and ');
    const title = `${w[i % w.length]} ${w[(i * 7) % w.length]} ${i}`;
    if (i % 2 === 0) {
      out.push(
        `@article{ref${i},`,
        `  author = {${authors}},`,
        `  title = {${title.charAt(0).toUpperCase() + title.slice(1)}},`,
        `  journal = jkaz,`,
        `  year = {${1990 + (i % 35)}}, volume = {${i % 12}}, number = {${1 + (i % 4)}},`,
        `  pages = {${i % 100}--${(i % 100) + 9}},`,
        `  doi = {https://doi.org/10.1000/bench.${i}},`,
        `  langid = {${LANGIDS[lang]}},`,
        '}',
        '',
      );
    } else {
      out.push(
        `@book{ref${i},`,
        `  author = {${authors}},`,
        `  title = {${title.charAt(0).toUpperCase() + title.slice(1)}},`,
        `  address = {Almaty}, publisher = {Qazaq University},`,
        `  year = {${1990 + (i % 35)}}, pagetotal = {${100 + i}},`,
        `  langid = {${LANGIDS[lang]}},`,
        '}',
        '',
      );
    }
  }
  return out.join('\n');
}

export interface ReferencesBenchmark {
  entries: number;
  clusters: number;
  readMs: number;
  formatMs: number;
  diagnostics: number;
}

/**
 * Reads `syntheticBibtex(n)` and formats it, every entry cited once (every fifth cluster
 * with a locator, every seventh citing two entries), in a `lang` article; with `cacheDir`,
 * through the on-disk cache of formatted lists there (disk-cache.ts), else without one.
 */
export function benchmarkReferences(n = 1000, style = 'baspa-gost', lang: Lang = 'en', templatesDir?: string, cacheDir?: string): ReferencesBenchmark {
  const before = referencesCacheDir();
  setReferencesCacheDir(cacheDir);
  try {
    return run(n, style, lang, templatesDir);
  } finally {
    setReferencesCacheDir(before);
  }
}

/** The clusters benchmarkReferences cites: every entry once, every fifth with a locator, every seventh with the one before. */
export function syntheticClusters(n: number): Cluster[] {
  const clusters: Cluster[] = [];
  const pos = { file: 'bench.md', line: 1, column: 1 };
  for (let i = 1; i <= n; i++) {
    const items = [{ key: `ref${i}`, pos, ...(i % 5 === 0 ? { locator: String(i % 300) } : {}) }];
    if (i % 7 === 0 && i > 1) items.push({ key: `ref${i - 1}`, pos });
    clusters.push({ id: `cite-${i}`, mode: 'parenthetical', items });
  }
  return clusters;
}

function run(n: number, style: string, lang: Lang, templatesDir?: string): ReferencesBenchmark {
  const reporter = new Reporter();
  const xml = loadStyle(style, templatesDir);
  const t0 = performance.now();
  const entries = readBibliographies([{ path: 'bench.bib', text: syntheticBibtex(n) }], reporter);
  const t1 = performance.now();
  const clusters = syntheticClusters(n);
  formatReferences({ style: xml, lang, entries, clusters, idPrefix: 'bench-ref-', ...(templatesDir ? { templatesDir } : {}) }, reporter);
  const t2 = performance.now();
  return { entries: entries.size, clusters: clusters.length, readMs: t1 - t0, formatMs: t2 - t1, diagnostics: reporter.diagnostics.length };
}
