#!/usr/bin/env node
/**
 * Bundles the compiled CLI (lib/, from tsc) with its pure-JS dependencies into lib/bundle/:
 * one entry per thread (main.js, epub-worker.js, layout-worker.js) and shared chunks, so a
 * cold start reads a few files instead of resolving hundreds. lib/bundle/ sits two levels
 * below the package root, as lib/<stage>/ does, so the code's own `new URL('../../templates',
 * import.meta.url)` and `./epub-worker.js` paths hold in both. bin/baspa.js prefers the bundle.
 * Dynamic import()s stay lazy: code splitting puts each behind its own chunk.
 */
import { build } from 'esbuild';

import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'lib/bundle');

/**
 * Left external, loaded from node_modules at run time:
 * - harfbuzzjs: WebAssembly, read from its own folder, and a top-level await;
 * - @resvg/resvg-js, sharp: native addons (.node files);
 * - mathjax-full: loads its components with computed require()s.
 * hyphen's patterns are already required by a computed name (createRequire), so they load
 * from node_modules as before.
 */
const EXTERNAL = ['harfbuzzjs', '@resvg/resvg-js', 'sharp', 'mathjax-full', 'mathjax-full/*'];

/**
 * citation-js's core requires sync-fetch and node-fetch (node:http, node:https, a worker) for
 * URL inputs, which Baspa never gives it: a build must load no network code at all.
 */
const noNetwork = {
  name: 'no-network',
  setup(b) {
    b.onResolve({ filter: /^(sync-fetch|node-fetch)$/ }, (args) => ({ path: args.path, namespace: 'no-network' }));
    b.onLoad({ filter: /.*/, namespace: 'no-network' }, (args) => ({
      contents: `function offline() { throw new Error(${JSON.stringify(`${args.path}: Baspa builds never fetch from the network`)}); }
module.exports = offline; module.exports.default = offline; module.exports.Headers = class Headers {};`,
      loader: 'js',
    }));
  },
};

/**
 * pdfkit finds its standard-font metrics (#standard-fonts/*, its package's "imports") and its
 * ICC profile relative to its own file through import.meta.url; bundled, that URL would be
 * the chunk's. Point it back at pdfkit's folder in node_modules, where those data files stay.
 */
const pdfkitData = {
  name: 'pdfkit-data',
  setup(b) {
    b.onLoad({ filter: /[\\/]pdfkit[\\/]js[\\/]pdfkit\.node\.mjs$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const src = await readFile(args.path, 'utf8');
      const here = `__pdfkitUrl`;
      const head = `import { createRequire as __pdfkitCreateRequire } from 'module';
import { pathToFileURL as __pdfkitToUrl } from 'url';
const ${here} = __pdfkitToUrl(__pdfkitCreateRequire(import.meta.url).resolve('pdfkit')).href.replace(/pdfkit\\.js$/, 'pdfkit.node.mjs');
`;
      return { contents: head + src.replaceAll('import.meta.url', here), loader: 'js' };
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { main: 'lib/cli/main.js', 'epub-worker': 'lib/pipeline/epub-worker.js', 'layout-worker': 'lib/pipeline/layout-worker.js' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  plugins: [noNetwork, pdfkitData],
  // CommonJS dependencies call require() for Node's built-ins; ESM output has none of its own.
  banner: { js: `import { createRequire as __baspaCreateRequire } from 'module'; const require = __baspaCreateRequire(import.meta.url);` },
  // src/references/plugins.ts: in the bundle, citation-js's plugins are required as bundled modules.
  define: { __BASPA_BUNDLE__: 'true' },
  metafile: true,
  legalComments: 'linked',
  logLevel: 'warning',
});
writeFileSync(path.join(outdir, 'meta.json'), JSON.stringify(result.metafile));
const network = Object.values(result.metafile.outputs).flatMap((o) => o.imports).filter((i) => /^(node:)?(http|https|net|tls|dgram|http2)$/.test(i.path));
if (network.length) {
  console.error(`bundle: network modules reached: ${[...new Set(network.map((i) => i.path))].join(', ')}`);
  process.exit(1);
}
