/**
 * The on-disk cache of formatted reference lists (disk-cache.ts): a warm run gives what a
 * cold run gives, messages included, byte for byte; anything that changes the output
 * (an entry, a citation, the style, the language) misses; a corrupt file is ignored.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Reporter } from '../../src/messages/diagnostic.js';
import { setReferencesCacheDir } from '../../src/references/disk-cache.js';
import { formatReferences, loadStyle, readBibliographies, syntheticBibtex, syntheticClusters } from '../../src/references/index.js';
import type { FormatRequest } from '../../src/references/index.js';

afterEach(() => setReferencesCacheDir(undefined));

function request(n = 60, style = 'baspa-gost'): FormatRequest {
  const entries = readBibliographies([{ path: 'bench.bib', text: syntheticBibtex(n) }], new Reporter());
  const clusters = syntheticClusters(n);
  // One unknown key, so the messages are part of what is kept.
  clusters.push({ id: 'cite-x', mode: 'parenthetical', items: [{ key: 'nope', pos: { file: 'bench.md', line: 9, column: 3 } }] });
  return { style: loadStyle(style), lang: 'en', entries, clusters, idPrefix: 'b-' };
}

function run(req: FormatRequest) {
  const reporter = new Reporter();
  const result = formatReferences(req, reporter);
  return JSON.stringify({ result, diagnostics: reporter.diagnostics });
}

const files = (dir: string) => readdirSync(path.join(dir, 'references')).filter((f) => f.endsWith('.json'));

describe('the cache of formatted lists', () => {
  it('a warm run equals a cold run, messages included, and is one file', () => {
    const req = request();
    const cold = run(req);
    const dir = mkdtempSync(path.join(tmpdir(), 'baspa-cache-'));
    setReferencesCacheDir(dir);
    expect(run(req)).toBe(cold); // fills
    expect(files(dir)).toHaveLength(1);
    expect(run(req)).toBe(cold); // reads
    expect(JSON.parse(cold).diagnostics.map((d: { rule: string }) => d.rule)).toContain('citation-unknown-key');
    expect(readFileSync(path.join(dir, '.gitignore'), 'utf8')).toMatch(/^\*$/m);
  });

  it('misses when an entry, a citation, the style or the language changes', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'baspa-cache-'));
    setReferencesCacheDir(dir);
    const req = request(20);
    run(req);
    const entries = new Map(req.entries);
    const first = entries.get('ref1')!;
    entries.set('ref1', { ...first, item: { ...first.item, title: 'Changed title' } });
    const changed = run({ ...req, entries });
    expect(changed).toContain('Changed title');
    run({ ...req, clusters: req.clusters.slice(1) });
    run({ ...req, style: loadStyle('apa') });
    run({ ...req, lang: 'kk' });
    expect(files(dir)).toHaveLength(5);
  });

  it('ignores a corrupt or foreign file and writes a good one over it', () => {
    const req = request(20);
    const cold = run(req);
    const dir = mkdtempSync(path.join(tmpdir(), 'baspa-cache-'));
    setReferencesCacheDir(dir);
    run(req);
    const [name] = files(dir);
    const file = path.join(dir, 'references', name);
    for (const junk of ['{"key": "x"', '{}', JSON.stringify({ key: name, result: { clusters: 1 } }), '\u0000\u0001']) {
      writeFileSync(file, junk);
      expect(run(req)).toBe(cold);
    }
    const good = JSON.parse(readFileSync(file, 'utf8'));
    good.diagnostics = [{ severity: 'note' }];
    writeFileSync(file, JSON.stringify(good));
    expect(run(req)).toBe(cold);
  });

  it('BASPA_CACHE=off turns it off', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'baspa-cache-'));
    setReferencesCacheDir(dir);
    process.env.BASPA_CACHE = 'off';
    try {
      run(request(10));
    } finally {
      delete process.env.BASPA_CACHE;
    }
    expect(() => files(dir)).toThrow();
  });
});
