/**
 * The one place that imports citation-js: the plugins register themselves with the core
 * on import, so every other module goes through these typed handles. The input plugins are
 * loaded when a bibliography of their format first comes (RIS alone took 80 ms to load, a
 * tenth of a cold build); they are CommonJS, as the core is, so `require` reaches the same core.
 */
import { createRequire } from 'node:module';
import { plugins, type CslPluginConfig } from '@citation-js/core';
import '@citation-js/plugin-csl';

/**
 * citeproc-js only initialises given names that start with a letter in its list, which
 * has the Russian capitals but not the Kazakh ones: "Нұрсұлтан Әбішұлы" came out as
 * "Н. Әбішұлы" and "Ұлжан" stayed whole. Add Ә Ғ Қ Ң Ө Ұ Ү Һ to the list of the citeproc
 * that the CSL plugin itself loads (reached through the plugin, so it is the same copy).
 */
function teachCiteprocKazakhInitials(): void {
  const lib = citeproc() as { NAME_INITIAL_REGEXP?: unknown };
  const re = lib.NAME_INITIAL_REGEXP;
  if (!(re instanceof RegExp) || re.source.includes('\\u04d8') || !re.source.startsWith('^([')) return;
  lib.NAME_INITIAL_REGEXP = new RegExp(
    re.source.replace('^([', '^([\\u0492\\u049a\\u04a2\\u04ae\\u04b0\\u04ba\\u04d8\\u04e8'),
    re.flags,
  );
}
teachCiteprocKazakhInitials();

/**
 * The citeproc-js module the CSL plugin itself loads (reached through the plugin, so it is
 * the same copy whose engines we get). Untyped: callers declare the little they use.
 */
export function citeproc(): unknown {
  const require = createRequire(import.meta.url);
  return createRequire(require.resolve('@citation-js/plugin-csl'))('citeproc') as unknown;
}

/** citation-js input types we parse with (see each plugin's `input` register). */
export type InputType = '@ris/file' | '@csl/list+object';

// BibTeX is read by bibtex-syntax.ts and biblatex.ts, not by citation-js's BibTeX plugin.
const INPUT_PLUGINS: Partial<Record<InputType, string>> = { '@ris/file': '@citation-js/plugin-ris' };
const loadedPlugins = new Set<string>();

function loadInputPlugin(type: InputType): void {
  const name = INPUT_PLUGINS[type];
  if (!name || loadedPlugins.has(name)) return;
  createRequire(import.meta.url)(name);
  loadedPlugins.add(name);
}

/**
 * Parses `input` as `type` into CSL-JSON. Throws what citation-js throws.
 */
export function parseInput(input: unknown, type: InputType): Record<string, unknown>[] {
  loadInputPlugin(type);
  const out = plugins.input.chain(input, { forceType: type, generateGraph: false, strict: true });
  if (!Array.isArray(out)) return [];
  return out.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null);
}

/** The @csl plugin's engine factory and its style and locale registers. */
export function csl(): CslPluginConfig {
  return plugins.config.get('@csl');
}
