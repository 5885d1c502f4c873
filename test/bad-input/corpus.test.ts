/**
 * Every bad input gets one line a person can act on, the right exit, no stack trace, and
 * leaves earlier outputs alone. The corpus is test/fixtures/bad/ plus a few cases made
 * here (invalid bytes, huge or deep input, link loops) that cannot live in a text fixture.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { build } from '../../src/pipeline/build.js';
import { CASES } from '../fixtures/bad/cases.js';

const REPO = path.resolve(__dirname, '../..');
const FIXTURES = path.join(REPO, 'test/fixtures/bad');
const ISSUE = 'journal:\n  title: "Bad"\nvolume: 1\nnumber: 1\nyear: 2026\narticles: [a]\n';
const FM = '---\ntitle: T\nlang: en\n---\n\n';

/** A case folder in a temp dir: a fixture copied, or one made from bytes here. */
function project(name: string): string {
  const root = mkdtempSync(path.join(tmpdir(), `baspa-bad-${name}-`));
  if (existsSync(path.join(FIXTURES, name))) {
    cpSync(path.join(FIXTURES, name), root, { recursive: true });
    return root;
  }
  const a = path.join(root, 'manuscripts/a');
  mkdirSync(a, { recursive: true });
  writeFileSync(path.join(root, 'manuscripts/issue.yaml'), ISSUE);
  const md = path.join(a, 'article.md');
  switch (name) {
    case 'not-utf8':
      writeFileSync(md, Buffer.concat([Buffer.from(`${FM}Caf`), Buffer.from([0xe9]), Buffer.from('.\n')]));
      break;
    case 'nul-byte':
      writeFileSync(md, `${FM}A\u0000B.\n`);
      break;
    case 'list-1000-deep':
      writeFileSync(md, FM + Array.from({ length: 1000 }, (_, i) => `${'  '.repeat(i)}- x\n`).join(''));
      break;
    case 'quote-1000-deep':
      writeFileSync(md, FM + Array.from({ length: 1000 }, (_, i) => `${'>'.repeat(i + 1)} x\n`).join(''));
      break;
    case 'emphasis-2000-deep':
      writeFileSync(md, `${FM}${'*a '.repeat(1000)}${'b* '.repeat(1000)}\n`);
      break;
    case 'brackets-40000':
      writeFileSync(md, `${FM}${']'.repeat(40_000)}\n`);
      break;
    case 'paragraph-30000-lines':
      writeFileSync(md, FM + 'a line of text\n'.repeat(30_000));
      break;
    case 'yaml-5000-deep':
      writeFileSync(md, `---\ntitle: T\nlang: en\nkeywords: ${'['.repeat(5000)}${']'.repeat(5000)}\n---\n\nText.\n`);
      break;
    case 'front-matter-only':
      writeFileSync(md, FM.trimEnd() + '\n');
      break;
    case 'lines-25000':
      writeFileSync(md, FM + 'A short paragraph.\n\n'.repeat(12_500));
      break;
    case 'quotes-8000':
      writeFileSync(md, FM + '> q\n\n'.repeat(8_000));
      break;
    case 'paragraph-99k-stray-bracket': {
      // An unclosed bracket makes GFM's autolink check look back over the paragraph at every word.
      const words = ['cooperation', 'between', 'Kazakhstan', 'and', 'Afghanistan', 'in', 'trade', 'education', 'security'];
      let text = '[sic ';
      for (let i = 0; text.length < 99_000; i++) text += `${words[i % words.length]} `;
      writeFileSync(md, `${FM}${text}\n`);
      break;
    }
    case 'file-21mb':
      // Sparse: the size is refused before a byte is read.
      writeFileSync(md, '');
      truncateSync(md, 21 * 1024 * 1024);
      break;
    case 'symlink-loop-folder':
      writeFileSync(md, `${FM}Text.\n`);
      symlinkSync(path.join(root, 'manuscripts'), path.join(root, 'manuscripts/loop'));
      writeFileSync(path.join(root, 'manuscripts/issue.yaml'), ISSUE.replace('[a]', '[loop]'));
      break;
    case 'symlink-loop-file':
      writeFileSync(md, `${FM}Text.\n`);
      symlinkSync('x.bib', path.join(a, 'x.bib'));
      break;
    case 'affiliation-8mb':
      writeFileSync(md, `---\ntitle: T\nlang: en\naffiliations:\n  - "${'x'.repeat(8_000_000)}"\n---\n\nText.\n`);
      break;
    case 'utf16-bom':
      writeFileSync(md, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${FM}Text.\n`, 'utf16le')]));
      break;
    case 'utf16-no-bom':
      writeFileSync(md, Buffer.from(`${FM}Text in UTF-16 without a mark.\n`, 'utf16le'));
      break;
    case 'html-comment-unclosed':
      writeFileSync(md, `${FM}Before the comment.\n\n<!-- a note to self\n\n${'Every word after it. '.repeat(40)}\n`);
      break;
    case 'html-block-text':
      writeFileSync(md, `${FM}Before.\n\n<div class="box">\nText inside a raw block.\n</div>\n`);
      break;
    case 'bib-link-outside': {
      // A secret beside the project, and a bibliography that is a link to it.
      const secret = path.join(root, 'secret.bib');
      writeFileSync(secret, '@book{leak, title={TOP SECRET SALARY LIST}, author={Nobody}, year={2020}}\n');
      writeFileSync(md, `${FM}Text [@leak].\n`);
      symlinkSync(secret, path.join(a, 'references.bib'));
      break;
    }
    case 'manuscript-dev-zero':
      rmSync(md, { force: true });
      symlinkSync('/dev/zero', md);
      break;
    case 'bib-named-pipe':
      writeFileSync(md, `${FM}Text.\n`);
      execFileSync('mkfifo', [path.join(a, 'references.bib')]);
      break;
    case 'paragraph-5mb': {
      const words = ['cooperation', 'between', 'Kazakhstan', 'and', 'Afghanistan', 'in', 'trade', 'education', 'security'];
      let seed = 7;
      const out: string[] = [];
      // About 5 MB of one paragraph, deterministic.
      for (let i = 0; i < 620_000; i++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        out.push(words[seed % words.length]);
      }
      writeFileSync(md, `${FM}${out.join(' ')}.\n`);
      break;
    }
    default:
      throw new Error(`no such case ${name}`);
  }
  return root;
}

const names = Object.keys(CASES);

/** The latest modification time of any file under a folder. */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) t = Math.max(t, statSync(path.join(e.parentPath, e.name)).mtimeMs);
  }
  return t;
}

describe('the bad-input corpus', () => {
  // No build may reach the network (remote images, DOIs, styles): every TCP connection
  // (fetch, http, https, net) goes through Socket#connect, which is refused and counted here.
  const connections: string[] = [];
  beforeAll(() => {
    vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(function (this: net.Socket, ...args: unknown[]) {
      connections.push(JSON.stringify(args[0]));
      throw new Error('network access during a build');
    });
  });
  afterAll(() => vi.restoreAllMocks());

  it('has at least 30 cases, each with a fixture folder or a recipe', () => {
    expect(names.length).toBeGreaterThanOrEqual(30);
  });

  for (const name of names) {
    const expected = CASES[name];
    it(`${name}: ${expected.first ? `${expected.first.severity} [${expected.first.rule}]` : 'builds'} and exits ${expected.exit}`, { timeout: 120_000 }, async () => {
      const root = project(name);
      const t0 = performance.now();
      // The huge paragraph is checked without rendering: parse and resolve must stay near-linear.
      const result = await build({ root, out: path.join(root, 'dist'), formats: ['pdf'], checkOnly: name === 'paragraph-5mb', sourceDateEpoch: 0 });
      const seconds = (performance.now() - t0) / 1000;
      const diags = result.reporter.diagnostics;
      const errors = diags.filter((d) => d.severity === 'error');
      expect(errors.length > 0 ? 1 : 0).toBe(expected.exit);
      if (expected.first === null) {
        expect(diags).toEqual([]);
      } else {
        const d = diags[0];
        expect(`${path.relative(root, d.file)}:${d.line}:${d.column}`).toBe(expected.first.at);
        expect({ severity: d.severity, rule: d.rule, text: d.message }).toEqual({ severity: expected.first.severity, rule: expected.first.rule, text: expected.first.text });
      }
      for (const d of diags) expect(d.message).not.toMatch(/\n|\bat .*\.(ts|js):\d+/);
      if (errors.length) expect(result.outputs).toEqual([]);
      expect(seconds).toBeLessThan(60);
    });
  }

  it('opened no network connection in any of them', () => {
    expect(connections).toEqual([]);
  });
});

describe('the command line on bad input', () => {
  const cli = path.join(REPO, 'bin/baspa.js');
  let compiled = false;
  beforeAll(() => {
    // lib/ must be the compiled form of today's src/, or the command line tests old code.
    compiled = existsSync(path.join(REPO, 'lib/cli/main.js')) && newest(path.join(REPO, 'lib')) >= newest(path.join(REPO, 'src'));
    if (!compiled) compiled = spawnSync('npm', ['run', '-s', 'compile'], { cwd: REPO, encoding: 'utf8' }).status === 0;
  }, 180_000);

  for (const name of ['citation-unknown', 'bibtex-missing-comma', 'image-outside', 'not-utf8', 'symlink-loop-file', 'list-1000-deep', 'paragraph-5mb', 'bib-link-outside', 'manuscript-dev-zero', 'bib-named-pipe']) {
    it(`${name}: one line per message, exit 1, no stack trace, and dist/ untouched`, () => {
      expect(compiled).toBe(true);
      const root = project(name);
      const dist = path.join(root, 'dist');
      mkdirSync(dist);
      // Outputs of an earlier good build, byte for byte what must survive.
      const pdf = path.join(dist, 'bad-1-1-2026.pdf');
      const epub = path.join(dist, 'bad-1-1-2026.epub');
      writeFileSync(pdf, 'previous pdf bytes');
      writeFileSync(epub, 'previous epub bytes');
      const r = spawnSync(process.execPath, [cli, 'build', root], { encoding: 'utf8', env: { ...process.env, CI: 'true', NO_COLOR: '1' } });
      expect(r.status).toBe(1);
      const lines = r.stderr.trim().split('\n');
      const expected = CASES[name].first!;
      expect(lines[0]).toBe(`${path.relative(process.cwd(), path.join(root, expected.at.split(':')[0]))}:${expected.at.split(':').slice(1).join(':')}: ${expected.severity}: ${expected.text} [${expected.rule}]`);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(r.stdout).toBe('');
      expect(readFileSync(pdf, 'utf8')).toBe('previous pdf bytes');
      expect(readFileSync(epub, 'utf8')).toBe('previous epub bytes');
    });
  }

  it('check --strict: warnings alone (a Latin look-alike in a Kazakh word) exit 1 and write nothing', () => {
    expect(compiled).toBe(true);
    const root = project('lookalike-latin-i');
    const lenient = spawnSync(process.execPath, [cli, 'check', root], { encoding: 'utf8', env: { ...process.env, CI: 'true', NO_COLOR: '1' } });
    expect(lenient.status, lenient.stderr).toBe(0);
    const strict = spawnSync(process.execPath, [cli, 'check', root, '--strict'], { encoding: 'utf8', env: { ...process.env, CI: 'true', NO_COLOR: '1' } });
    expect(strict.status, strict.stderr).toBe(1);
    expect(strict.stderr).toContain('[text-mixed-script]');
    const build = spawnSync(process.execPath, [cli, 'build', root, '--strict'], { encoding: 'utf8', env: { ...process.env, CI: 'true', NO_COLOR: '1' } });
    expect(build.status, build.stderr).toBe(1);
    expect(existsSync(path.join(root, 'dist'))).toBe(false);
  });

  it('front-matter-unknown-key: merely odd input exits 0 with its warning, and writes the outputs', () => {
    expect(compiled).toBe(true);
    const root = project('front-matter-unknown-key');
    const r = spawnSync(process.execPath, [cli, 'build', root, '--format', 'pdf'], { encoding: 'utf8', env: { ...process.env, CI: 'true', NO_COLOR: '1' } });
    expect(r.status, r.stderr).toBe(0);
    const expected = CASES['front-matter-unknown-key'].first!;
    expect(r.stderr.trim().split('\n')[0]).toMatch(new RegExp(`:${expected.at.split(':').slice(1).join(':')}: warning: ${expected.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\[${expected.rule}\\]$`));
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(readdirSync(path.join(root, 'dist'))).toEqual(['bad-1-1-2026.pdf']);
  });
});
