/**
 * Rendering reference-list entries in another locale with the article's own citeproc
 * engine, instead of a second engine for that locale.
 *
 * Why: a second engine costs its style build and a second registration of every cited
 * item (~170 ms per locale for 1,000 entries). Switching the engine's locale for one
 * makeBibliography call renders what an engine of that locale would, with the article
 * engine's registration (the numbers, order and year suffixes the citations use).
 *
 * What "switching" has to redo is what citeproc's constructor derives from the locale
 * after loading it (citeproc 2.4, CSL.Engine): the locale's terms and options (loaded once
 * per engine by localeConfigure), its skip-word pattern, punctuation-in-quote (output.adjust),
 * closing quotes, the quote marks the flip-flopper recognises, ordinal suffixes and the page
 * and year range delimiters. `default-locale` is switched too, as an engine built for that
 * locale has it (citeproc keys e.g. the no-break space after Russian initials on it).
 *
 * What it cannot redo is what citeproc bakes into the style's tokens when it builds them:
 * localized dates (`<date form="text|numeric">` copy the build locale's date format) and
 * CSL-M's `locale="…"` on cs:if / cs:layout. Styles with either get engines per locale
 * (see `canSwitchLocale`). Checked against per-locale engines on baspa-gost, an
 * author-date test style and GOST variants with quotes, long ordinals and "and" (the same
 * entries, byte for byte; test/references/format.test.ts keeps one such check); Harvard
 * and Vancouver, whose dates are localized, differ, hence the check.
 */
import type { CiteprocEngine } from '@citation-js/core';
import { citeproc } from './plugins.js';

/** citeproc's parsed locale tag (CSL.localeResolve). */
interface LocaleSpec {
  best: string;
  base: string;
  bare: string;
}

/** The citeproc internals switching touches; the engine's public surface is in citation-js.d.ts. */
interface EngineInternals {
  opt: { lang: string; 'default-locale': string[] };
  locale: Record<string, { opts: Record<string, unknown> } | undefined>;
  localeConfigure(spec: LocaleSpec, beShy?: boolean): void;
  getOpt(name: string): unknown;
  setCloseQuotesArray(): void;
  output: { adjust: unknown };
  fun: {
    flipflopper: unknown;
    ordinalizer: { init(state: EngineInternals): void };
    long_ordinalizer: { init(state: EngineInternals): void };
    page_mangler: unknown;
    year_mangler: unknown;
  };
}

interface CiteprocModule {
  localeResolve(tag: string): LocaleSpec;
  Output: { Queue: { adjust: new (punctuationInQuote: unknown) => unknown } };
  Util: {
    FlipFlopper: new (state: EngineInternals) => unknown;
    PageRangeMangler: { getFunction(state: EngineInternals, rangeType: 'page' | 'year'): unknown };
  };
}

/**
 * Localized dates and CSL-M locale conditions are fixed when the style is built; a
 * jurisdiction preference in a style's cs:locale leaves a locale half-loaded.
 */
const BUILT_IN_LOCALE = /<date(?=\s)[^>]*\sform\s*=|<(?:if|else-if|layout)(?=\s)[^>]*\slocale\s*=|jurisdiction-preference/;

/** Whether `styleXml` renders the same in a switched engine as in an engine of that locale. */
export function canSwitchLocale(styleXml: string): boolean {
  return !BUILT_IN_LOCALE.test(styleXml.replace(/<!--[\s\S]*?-->/g, ''));
}

/**
 * Runs `render` with `engine` set to the locale `tag`, then sets it back: engines are
 * cached across articles (citation-js keys them by style and locale).
 */
export function withLocale<T>(engine: CiteprocEngine, tag: string, render: () => T): T {
  const state = engine as unknown as EngineInternals;
  const original = state.opt.lang;
  const originalDefault = state.opt['default-locale'][0];
  if (citeprocModule().localeResolve(tag).best === original) return render();
  try {
    setLocale(state, tag);
    return render();
  } finally {
    setLocale(state, original);
    state.opt['default-locale'][0] = originalDefault;
  }
}

let loaded: CiteprocModule | undefined;
function citeprocModule(): CiteprocModule {
  loaded ??= citeproc() as CiteprocModule;
  return loaded;
}

/** What CSL.Engine's constructor does after `localeConfigure`, for locale `tag`. */
function setLocale(state: EngineInternals, tag: string): void {
  const CSL = citeprocModule();
  const spec = CSL.localeResolve(tag);
  state.localeConfigure(spec, true); // loads the locale and the style's own cs:locale for it, once
  state.opt.lang = spec.best;
  state.opt['default-locale'][0] = spec.best;
  const opts = state.locale[spec.best]?.opts;
  if (opts && !(opts['skip-words-regexp'] instanceof RegExp) && Array.isArray(opts['skip-words'])) {
    // The constructor's makeRegExp, verbatim.
    opts['skip-words-regexp'] = new RegExp(
      '(?:(?:[?!:]*\\s+|-|^)(?:' + (opts['skip-words'] as string[]).join('|') + ')(?=[!?:]*\\s+|-|$))',
      'g',
    );
  }
  state.output.adjust = new CSL.Output.Queue.adjust(state.getOpt('punctuation-in-quote'));
  state.setCloseQuotesArray();
  state.fun.flipflopper = new CSL.Util.FlipFlopper(state);
  state.fun.ordinalizer.init(state);
  state.fun.long_ordinalizer.init(state);
  state.fun.page_mangler = CSL.Util.PageRangeMangler.getFunction(state, 'page');
  state.fun.year_mangler = CSL.Util.PageRangeMangler.getFunction(state, 'year');
}
