/**
 * Outputs that cannot be written are a one-line message with exit 1 and the old set kept;
 * temporary files are never left behind; a watch survives a build that fails outright.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { watchProject } from '../../src/cli/watch.js';
import type { BuildResult } from '../../src/pipeline/build.js';
import { writeSet } from '../../src/pipeline/write.js';

const ROOT = path.resolve(__dirname, '../..');

function sample(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'baspa-out-'));
  cpSync(path.join(ROOT, 'manuscripts'), path.join(root, 'manuscripts'), { recursive: true });
  return root;
}

function baspa(root: string, ...args: string[]) {
  return spawnSync('node', [path.join(ROOT, 'bin/baspa.js'), 'build', root, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

describe('outputs that cannot be written', () => {
  for (const [name, out] of [
    ['--out is a file', (root: string) => path.join(root, 'taken')],
    ['--out lies below a file', (root: string) => path.join(root, 'taken', 'dist')],
  ] as const) {
    it(`${name}: one line, exit 1, no stack trace`, () => {
      const root = sample();
      writeFileSync(path.join(root, 'taken'), 'a file in the way\n');
      const r = baspa(root, '--out', out(root), '--format', 'epub');
      expect(r.status).toBe(1);
      const lines = r.stderr.trim().split('\n');
      expect(lines[0]).toMatch(/: error: Cannot write .*\.epub in .*: (a part of the path is a file, not a folder|a folder of that name is in the way|EEXIST|ENOTDIR) \[output-write\]$/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(readFileSync(path.join(root, 'taken'), 'utf8')).toBe('a file in the way\n');
    });
  }

  it('leaves no temporary file when a write fails part way, and keeps the old set', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'baspa-set-'));
    writeFileSync(path.join(dir, 'issue.pdf'), 'old pdf');
    writeFileSync(path.join(dir, 'issue.epub'), 'old epub');
    // The second file's name is taken by a folder: the rename fails, the first must not land.
    mkdirSync(path.join(dir, 'blocked.epub'));
    writeFileSync(path.join(dir, 'blocked.epub', 'x'), '');
    await expect(writeSet([[path.join(dir, 'issue.pdf'), new TextEncoder().encode('new pdf')], [path.join(dir, 'blocked.epub'), new Uint8Array(1)]])).rejects.toThrow(/Cannot write blocked\.epub/);
    expect(readdirSync(dir).sort()).toEqual(['blocked.epub', 'issue.epub', 'issue.pdf']);
    expect(readFileSync(path.join(dir, 'issue.pdf'), 'utf8')).toBe('old pdf');
  });

  it('removes the temporary files a crashed build left', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'baspa-stale-'));
    writeFileSync(path.join(dir, '.issue.pdf.baspa-999999.tmp'), 'left by a crash');
    await writeSet([[path.join(dir, 'issue.pdf'), new TextEncoder().encode('new')]]);
    expect(readdirSync(dir)).toEqual(['issue.pdf']);
  });
});

describe('watch', () => {
  it('reports a build that throws and rebuilds on the next change', async () => {
    const root = sample();
    let calls = 0;
    const failures: unknown[] = [];
    const reports: number[] = [];
    const handle = watchProject(
      { root, out: path.join(root, 'dist'), formats: ['epub'] },
      async () => {
        calls++;
        if (calls === 1) throw new Error('a decoder crashed');
        return { outputs: [], reporter: { errors: [], diagnostics: [] } } as unknown as BuildResult;
      },
      () => reports.push(calls),
      (e) => failures.push(e),
    );
    await new Promise((r) => setTimeout(r, 300));
    writeFileSync(path.join(root, 'manuscripts/issue.yaml'), `${readFileSync(path.join(root, 'manuscripts/issue.yaml'), 'utf8')}\n`);
    await new Promise((r) => setTimeout(r, 800));
    handle.close();
    expect(failures.map((e) => (e as Error).message)).toEqual(['a decoder crashed']);
    expect(reports.length).toBeGreaterThanOrEqual(1);
  });
});
