/**
 * The CLI bundle (lib/bundle/, scripts/bundle.js, built by npm run compile) runs the same
 * program as the compiled modules in lib/: the sample's PDF and EPUB come out byte for byte
 * the same, and a build through it loads no network module (citation-js's fetchers are
 * stubbed out of it). No timings here: bench/vs.js --bundle measures.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const BUNDLE = path.join(ROOT, 'lib/bundle/main.js');
const env = { ...process.env, NO_COLOR: '1', CI: 'true', SOURCE_DATE_EPOCH: '1795651200', BASPA_CACHE: 'off' };

/** Runs the bundle's main() directly (not through bin/baspa.js), reporting network modules loaded. */
function throughBundle(args: string[], dir: string) {
  const probe = path.join(dir, 'net-probe.cjs');
  writeFileSync(probe, `process.on('exit', () => { require('fs').writeFileSync(${JSON.stringify(path.join(dir, 'net.json'))}, JSON.stringify(process.moduleLoadList.filter((m) => /^NativeModule (_?https?|_http_\\w+|tls|http2|dgram)$/.test(m)))); });\n`);
  const code = `const { main } = await import(${JSON.stringify(pathToFileURL(BUNDLE).href)}); process.exitCode = await main(${JSON.stringify(args)});`;
  // A script file, not --input-type=module -e: the workers inherit the process's flags.
  const script = path.join(dir, 'run-bundle.mjs');
  writeFileSync(script, code);
  const r = spawnSync('node', ['-r', probe, script], { encoding: 'utf8', env });
  return { ...r, network: JSON.parse(readFileSync(path.join(dir, 'net.json'), 'utf8')) as string[] };
}

describe('the CLI bundle', () => {
  it('is built by npm run compile, one entry per thread', () => {
    for (const f of ['main.js', 'epub-worker.js', 'layout-worker.js']) expect(existsSync(path.join(ROOT, 'lib/bundle', f)), `lib/bundle/${f} (run npm run compile)`).toBe(true);
  });

  it('prints the version', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'baspa-bundle-'));
    const r = throughBundle(['--version'], dir);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(`baspa ${(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}`);
  });

  it('builds the sample byte for byte as lib/ does, with no network module loaded', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'baspa-bundle-'));
    cpSync(path.join(ROOT, 'manuscripts'), path.join(root, 'manuscripts'), { recursive: true });
    const bundled = throughBundle(['build', root, '--out', path.join(root, 'bundle'), '--quiet'], root);
    expect(bundled.stderr).toBe('');
    expect(bundled.status).toBe(0);
    expect(bundled.network).toEqual([]);
    const plain = spawnSync('node', [path.join(ROOT, 'bin/baspa.js'), 'build', root, '--out', path.join(root, 'lib'), '--quiet'], { encoding: 'utf8', env: { ...env, BASPA_NO_BUNDLE: '1' } });
    expect(plain.status).toBe(0);
    const files = readdirSync(path.join(root, 'lib')).sort();
    expect(files.filter((f) => /\.(pdf|epub)$/.test(f))).toHaveLength(2);
    expect(readdirSync(path.join(root, 'bundle')).sort()).toEqual(files);
    for (const f of files) expect(readFileSync(path.join(root, 'bundle', f)).equals(readFileSync(path.join(root, 'lib', f))), f).toBe(true);
  });
});
