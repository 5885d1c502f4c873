/**
 * Citation clusters and the reference list → rich text, through citeproc-js.
 *
 * One citeproc engine per (style, locale), reused across articles (citation-js caches
 * them). The article's engine gets the cited items registered in order of first citation,
 * which is what numbers them, and formats the citations and the entries. When terms follow
 * each entry's language, the entries in another language are rendered by the same engine
 * switched to that locale for the call (engine-locale.ts), so no second engine registers
 * every item again; styles whose build fixes the locale get an engine of that locale with
 * the same registration instead. Each entry is rendered once: citeproc takes 1–2 ms per
 * entry, and that (with its JIT warm-up) is most of this stage's time.
 *
 * Citations go through makeCitationCluster with positions (first, subsequent, ibid)
 * worked out here in document order. citeproc's own tracking (processCitationCluster,
 * rebuildProcessorState) revisits every earlier citation for each new one: 1,000
 * citations took seconds instead of milliseconds. In-text styles need nothing else from it.
 */
import path from 'node:path';
import type { BibliographyEntry, Inline, Lang } from '../document/model.js';
import { Reporter } from '../messages/diagnostic.js';
import type { CiteprocCiteItem, CiteprocEngine } from '@citation-js/core';
import { csl } from './plugins.js';
import { closestKeys, missingFields, orList } from './checks.js';
import { arrangeNamesForGost } from './gost.js';
import { parseCiteprocHtml, inlineText } from './html.js';
import { mergeText } from '../document/inlines.js';
import { loadLocales, localeTag, localeTerm, localeXml, referencesHeading, type LocaleSet } from './locales.js';
import { registerStyle, styleOptions } from './style.js';
import { canSwitchLocale, withLocale } from './engine-locale.js';
import { etAlTerm, replaceOthers, withoutOthers } from './others.js';
import { nameSpacer } from './name-spaces.js';
import { localizeOutput } from './locale-output.js';
import { cacheKey, readCached, referencesCacheDir, writeCached } from './disk-cache.js';
import type { CiteItemRef, Cluster, CslItem, FormatRequest, FormatResult, FormattedCluster, LoadedEntry } from './types.js';

const NBSP = '\u00a0';
/** Not a CSL variable: the locale of the part of the reference list an item is rendered in. */
const LOCALE_FIELD = 'baspa-terms-locale';

/** CSL 1.0.2 locator types, and the abbreviations people write for some of them. */
const LOCATOR_LABELS = new Set([
  'act', 'appendix', 'article-locator', 'book', 'canon', 'chapter', 'column', 'elocation', 'equation', 'figure',
  'folio', 'issue', 'line', 'note', 'opus', 'page', 'paragraph', 'part', 'rule', 'scene', 'section', 'sub-verbo',
  'supplement', 'table', 'timestamp', 'title-locator', 'verse', 'volume',
  // Not a CSL locator, but a term every locale has, so citeproc can label it.
  'version',
]);
const LABEL_ALIASES: Record<string, string> = {
  p: 'page', pp: 'page', pages: 'page', pg: 'page', ch: 'chapter', chap: 'chapter', chapters: 'chapter',
  sec: 'section', sect: 'section', sections: 'section', fig: 'figure', figs: 'figure', figures: 'figure',
  vol: 'volume', vols: 'volume', volumes: 'volume', no: 'issue', para: 'paragraph', paras: 'paragraph',
  tab: 'table', tbl: 'table', tables: 'table', n: 'note', nn: 'note', notes: 'note', l: 'line', ll: 'line',
  lines: 'line', pt: 'part', parts: 'part', art: 'article-locator', article: 'article-locator', app: 'appendix',
  col: 'column', eq: 'equation', v: 'verse', vv: 'verse', sv: 'sub-verbo', 's.v.': 'sub-verbo',
  // CSL 1.0.1's spelling, which the manuscript parser (like Pandoc) uses.
  'sub verbo': 'sub-verbo',
};

/** Anchor ids for entries: the key made safe for XML ids, unique within the request. */
class EntryIds {
  private readonly ids = new Map<string, string>();
  private readonly taken = new Set<string>();
  constructor(private readonly prefix: string) {}
  get(key: string): string {
    let id = this.ids.get(key);
    if (!id) {
      const base = this.prefix + key.normalize('NFC').replace(/[^\p{L}\p{N}_.-]+/gu, '-');
      id = base;
      for (let n = 2; this.taken.has(id); n++) id = `${base}-${n}`;
      this.taken.add(id);
      this.ids.set(key, id);
    }
    return id;
  }
}

interface PreparedCluster {
  cluster: Cluster;
  known: CiteItemRef[];
  unknown: CiteItemRef[];
  /** The citations citeproc formats for this cluster: one, or one per item for narrative clusters. */
  citations: CiteprocCiteItem[][];
}

/**
 * CSL positions in document order (CSL 1.0.2, "position"): ibid when the same item is
 * cited right before (earlier in the same citation, or alone in the previous one), with
 * the locator deciding between ibid, ibid-with-locator and subsequent.
 */
class Positions {
  private readonly seen = new Set<string>();
  private previous: CiteprocCiteItem[] = [];
  assign(citation: CiteprocCiteItem[]): void {
    citation.forEach((item, i) => {
      const before = i > 0 ? citation[i - 1] : this.previous.length === 1 ? this.previous[0] : undefined;
      if (!this.seen.has(item.id)) item.position = 0;
      else if (before && before.id === item.id) {
        if (!item.locator && !before.locator) item.position = 2;
        else if (item.locator && item.locator === before.locator && item.label === before.label) item.position = 2;
        else if (item.locator) item.position = 3;
        else item.position = 1;
      } else item.position = 1;
      this.seen.add(item.id);
    });
    this.previous = citation;
  }
}

/**
 * Formats `req`, or gives back what formatting the same request gave before (disk-cache.ts),
 * its messages reported again.
 */
export function formatReferences(req: FormatRequest, reporter: Reporter): FormatResult {
  const dir = referencesCacheDir();
  if (!dir || req.clusters.length === 0) return formatNow(req, reporter);
  const locales = loadLocales(req.templatesDir);
  const key = cacheKey([
    req.style,
    [...locales.xml].map(([tag, xml]) => `${tag}\0${xml}`).join('\0'),
    JSON.stringify([req.lang, req.entryTerms ?? null, req.idPrefix, req.warnUnused ?? true]),
    JSON.stringify(req.clusters),
    JSON.stringify([...req.entries]),
  ]);
  const hit = readCached(dir, key);
  if (hit) {
    for (const d of hit.diagnostics) reporter.diagnostics.push(d);
    return hit.result;
  }
  const local = new Reporter();
  const result = formatNow(req, local);
  for (const d of local.diagnostics) reporter.diagnostics.push(d);
  writeCached(dir, key, { result, diagnostics: local.diagnostics });
  return result;
}

function formatNow(req: FormatRequest, reporter: Reporter): FormatResult {
  const locales = loadLocales(req.templatesDir);
  const options = styleOptions(req.style);
  const styleName = registerStyle(req.style, locales.fingerprint);
  const entryTerms = req.entryTerms ?? options.entryTerms;
  const articleTag = articleLocale(req.style, req.lang, locales);
  const ids = new EntryIds(req.idPrefix);

  // 1. Keys → entries, in document order; unknown keys are reported and left out.
  const cited: string[] = [];
  const firstCitation = new Map<string, string>();
  const prepared: PreparedCluster[] = [];
  const positions = new Positions();
  for (const cluster of req.clusters) {
    const known: CiteItemRef[] = [];
    const unknown: CiteItemRef[] = [];
    for (const ref of expandSets(cluster.items, req.entries)) {
      if (req.entries.has(ref.key)) {
        known.push(ref);
        if (!firstCitation.has(ref.key)) {
          firstCitation.set(ref.key, cluster.id);
          cited.push(ref.key);
        }
      } else {
        unknown.push(ref);
        reportUnknownKey(ref, req.entries, reporter);
      }
    }
    const citations: CiteprocCiteItem[][] = [];
    if (known.length > 0) {
      if (cluster.mode === 'narrative') for (const ref of known) citations.push([citeItem({ ...ref, suppressAuthor: true }, reporter)]);
      else citations.push(known.map((r) => citeItem(r, reporter)));
    }
    for (const c of citations) positions.assign(c);
    prepared.push({ cluster, known, unknown, citations });
  }

  // 2. Whose locale picks each entry's terms: the article's, or the entry's own when the
  //    style asks for that and we have that locale.
  const entryTag = new Map<string, string>();
  const tags = new Set<string>();
  for (const key of cited) {
    const lang = req.entries.get(key)!.lang;
    const own = entryTerms === 'entry' && lang && lang !== req.lang ? localeTag(lang) : articleTag;
    const tag = own !== articleTag && localeXml(locales, own) ? own : articleTag;
    entryTag.set(key, tag);
    tags.add(tag);
  }
  const partitioned = tags.size > 1;

  // 3. The items citeproc sees: the cited entries, names arranged if the style asks. When
  //    the list is rendered in parts by locale, each item carries its part's locale in a
  //    field the bibliography filter tests: one test per item, where an `include` list of
  //    ids costs items × ids (~130 ms for 1,000 entries).
  const data: CslItem[] = cited.map((key) => {
    const entry = req.entries.get(key)!.item;
    const item = options.names === 'gost' ? arrangeNamesForGost(entry) : entry;
    return partitioned ? { ...item, [LOCALE_FIELD]: entryTag.get(key)! } : item;
  });

  // 4. Citations in the article's locale; each entry in the locale that picks its terms.
  const html = new Map<CiteprocCiteItem[], string>();
  const entryHtml = new Map<string, string>();
  let order: string[] = [];
  try {
    if (cited.length > 0) {
      const engine = prepareEngine(data, styleName, articleTag);
      order = engine.updateItems(cited);
      const citeTerm = etAlTerm(req.style, localeXml(locales, articleTag), articleTag);
      for (const p of prepared) for (const c of p.citations) html.set(c, replaceOthers(localizeOutput(engine.makeCitationCluster(c), articleTag), citeTerm));
      // One engine for every locale where the style allows it (see engine-locale.ts): the
      // same registration, so the same numbers, and no second registration of every item.
      const shared = canSwitchLocale(req.style);
      for (const tag of tags) {
        const only = partitioned ? { include: [{ field: LOCALE_FIELD, value: tag }] } : undefined;
        const own = tag === articleTag || shared ? engine : localeEngine(data, styleName, tag, cited);
        const render = (filter: typeof only) => (own === engine && tag !== articleTag ? withLocale(engine, tag, () => engine.makeBibliography(filter)) : own.makeBibliography(filter));
        const bib = render(only);
        if (!bib) continue;
        const keys = bib[0].entry_ids.map((e) => String(e[0]));
        // `and others` → the style's et-al term in this part's locale (others.ts).
        const term = etAlTerm(req.style, localeXml(locales, tag), tag);
        if (keys.length === bib[1].length) keys.forEach((key, i) => entryHtml.set(key, replaceOthers(localizeOutput(bib[1][i], tag), term)));
        else {
          // citeproc-js leaves an entry with no printed form out of the strings but not out
          // of the ids (author-date styles): the strings no longer match the ids by place.
          // Rare; each entry of this part is rendered on its own then.
          for (const key of keys) {
            const one = render({ include: [{ field: 'id', value: key }] });
            entryHtml.set(key, one && one[1].length > 0 ? replaceOthers(localizeOutput(one[1][0], tag), term) : '');
          }
        }
      }
      // The style's order (registration order, or its sort); styles may leave items out.
      order = order.filter((key) => entryHtml.has(key));
    }
  } catch (err) {
    const at = req.clusters[0]?.items[0]?.pos ?? { file: [...req.entries.values()][0]?.file ?? '(style)', line: 1, column: 1 };
    reporter.error(`the CSL style failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`, 'style-invalid', at);
    return { clusters: [], entries: [], heading: referencesHeading(locales, req.lang) };
  }

  // 5. Rich text.
  const clusters: FormattedCluster[] = prepared.map((p) => formatCluster(p, html, req, locales, ids, reporter));
  // An entry's back link goes to its first citation that printed something.
  firstCitation.clear();
  clusters.forEach((c, i) => {
    if (c.children.length === 0) return;
    for (const ref of prepared[i].known) if (!firstCitation.has(ref.key)) firstCitation.set(ref.key, c.id);
  });
  const entries: BibliographyEntry[] = order.map((key) => {
    const loaded = req.entries.get(key)!;
    const raw = entryHtml.get(key) ?? '';
    // citeproc-js's words for an entry the style prints nothing of (numeric styles).
    const parsed = parseCiteprocHtml(raw.replace(/(?:\d+\. )?\[CSL STYLE ERROR: reference with no printed form\.\]/, ''));
    if (inlineText(parsed.content).trim() === '') {
      reporter.warn(`the style prints nothing for entry ‘${key}’ (${loaded.item.type}) in the reference list`, 'bibliography-empty-entry', { file: loaded.file, line: loaded.line, column: loaded.column });
    }
    const entry: BibliographyEntry = {
      id: ids.get(key),
      key,
      label: inlineText(parsed.label).trim(),
      children: withNameSpaces(parsed.content, nameSpacer(familyNames(loaded.item))),
      pos: { file: loaded.file, line: loaded.line, column: loaded.column },
    };
    if (loaded.lang) entry.lang = loaded.lang;
    const first = firstCitation.get(key);
    if (first) entry.firstCitation = first;
    return entry;
  });

  // 6. Entries never cited, and cited entries missing what the list prints.
  checkEntries(req, cited, reporter);

  return { clusters, entries, heading: referencesHeading(locales, req.lang) };
}

/**
 * The locale of an article in `lang`: the style's `default-locale` when it is a variety of
 * that language we have a locale for (en-GB for an English article, with a journal's
 * templates/csl/locales/locales-en-GB.xml), else ours for the language (en-US, kk-KZ, ru-RU).
 */
function articleLocale(style: string, lang: Lang, locales: LocaleSet): string {
  const preferred = /<style\b[^>]*\sdefault-locale="([^"]+)"/.exec(style)?.[1];
  if (preferred && preferred.split('-')[0].toLowerCase() === lang && localeXml(locales, preferred)) return preferred;
  return localeTag(lang);
}

/** The cached engine for (style, locale), its item store set to `data`. */
function prepareEngine(data: CslItem[], styleName: string, tag: string): CiteprocEngine {
  const engine = csl().engine(data, styleName, tag, 'html');
  // URLs and DOIs come out as <a href>, which become our link inlines.
  engine.opt.development_extensions.wrap_url_and_doi = true;
  return engine;
}

/** An engine of its own for `tag`, with the same registration (so the same numbers). */
function localeEngine(data: CslItem[], styleName: string, tag: string, cited: string[]): CiteprocEngine {
  const engine = prepareEngine(data, styleName, tag);
  engine.updateItems(cited);
  return engine;
}

function citeItem(ref: CiteItemRef, reporter: Reporter): CiteprocCiteItem {
  const item: CiteprocCiteItem = { id: ref.key };
  if (ref.locator) {
    item.locator = ref.locator;
    item.label = locatorLabel(ref, reporter);
  }
  if (ref.prefix) item.prefix = ref.prefix;
  if (ref.suffix) item.suffix = ref.suffix;
  if (ref.suppressAuthor) item['suppress-author'] = true;
  return item;
}

function locatorLabel(ref: CiteItemRef, reporter: Reporter): string {
  if (!ref.label) return 'page';
  const l = ref.label.trim().toLowerCase().replace(/\.$/, '');
  if (LOCATOR_LABELS.has(l)) return l;
  const alias = LABEL_ALIASES[l];
  if (alias) return alias;
  // Passed on as it is: citeproc finds no term for it and prints the locator bare, which
  // beats calling an algorithm number a page.
  reporter.warn(
    `CSL has no locator label ‘${ref.label}’: the locator prints without one (labels: page, chapter, section, figure, table, volume, …)`,
    'citation-locator-label',
    ref.pos,
  );
  return l;
}

/**
 * Citing an @set cites its members (biblatex prints a set as its members): each member
 * gets its own entry, numbered where the set is first cited. A locator stays with the first.
 */
function expandSets(items: CiteItemRef[], entries: Map<string, LoadedEntry>): CiteItemRef[] {
  if (!items.some((r) => entries.get(r.key)?.members)) return items;
  const out: CiteItemRef[] = [];
  // A member also cited on its own in the same cluster is cited once.
  const direct = new Set(items.map((r) => r.key));
  for (const ref of items) {
    const all = entries.get(ref.key)?.members?.filter((k) => entries.has(k));
    if (!all || all.length === 0) {
      out.push(ref);
      continue;
    }
    const members = all.filter((k) => !direct.has(k));
    members.forEach((key, i) => {
      const { locator: _l, label: _b, ...rest } = ref;
      out.push(i === 0 ? { ...ref, key } : { ...rest, key, prefix: undefined, suffix: undefined });
    });
  }
  return out;
}

/** Every family name of an item's people, for the no-break spaces at initials. */
function familyNames(item: CslItem): string[] {
  const out: string[] = [];
  for (const value of Object.values(item)) {
    if (!Array.isArray(value)) continue;
    for (const n of value as NameLike[]) if (n && typeof n === 'object' && typeof n.family === 'string') out.push(n.family);
  }
  return out;
}

/** No-break spaces at initials in an entry's text (typography/spaces.ts). */
function withNameSpaces(inlines: Inline[], space: (text: string) => string): Inline[] {
  return inlines.map((n): Inline => {
    if (n.type === 'text') return { ...n, value: space(n.value) };
    if ('children' in n && Array.isArray(n.children)) return { ...n, children: withNameSpaces(n.children as Inline[], space) } as Inline;
    return n;
  });
}

function reportUnknownKey(ref: CiteItemRef, entries: Map<string, LoadedEntry>, reporter: Reporter): void {
  const near = closestKeys(ref.key, entries.keys());
  let message = `unknown citation key ‘${ref.key}’`;
  if (near.length > 0) message += `; did you mean ${orList(near)}?`;
  else if (entries.size === 0) message += ' (the article has no bibliography entries)';
  else {
    const files = [...new Set([...entries.values()].map((e) => e.file))];
    message += ` (not in ${files.slice(0, 3).map((f) => path.basename(f)).join(', ')}${files.length > 3 ? ', …' : ''})`;
  }
  reporter.error(message, 'citation-unknown-key', ref.pos);
}

/**
 * What citeproc printed for a citation, or nothing: citeproc-js writes `[NO_PRINTED_FORM]`
 * where the style prints nothing (MLA cites by author alone, so `[-@key]` leaves nothing).
 */
function printed(html: string | undefined): Inline[] {
  if (!html || html.includes('[NO_PRINTED_FORM]')) return [];
  const content = parseCiteprocHtml(html).content;
  return inlineText(content).trim() === '' ? [] : content;
}

function formatCluster(
  p: PreparedCluster,
  html: Map<CiteprocCiteItem[], string>,
  req: FormatRequest,
  locales: LocaleSet,
  ids: EntryIds,
  reporter: Reporter,
): FormattedCluster {
  const targets = p.known.map((r) => ids.get(r.key));
  const children: Inline[] = [];
  if (p.cluster.mode === 'narrative') {
    p.known.forEach((ref, j) => {
      if (j > 0) children.push({ type: 'text', value: '; ' });
      const who = narrativeName(req.entries.get(ref.key)!.item, req.lang, locales);
      // An author-only style (MLA) prints nothing more for a narrative citation without a locator.
      const rest = printed(html.get(p.citations[j]));
      if (who) children.push({ type: 'text', value: rest.length > 0 ? who + NBSP : who });
      children.push(...rest);
    });
  } else if (p.citations.length > 0) {
    const content = printed(html.get(p.citations[0]));
    if (content.length === 0) {
      // As pandoc does: nothing in the text, and a word to the author.
      const keys = p.known.map((r) => r.key).join(', ');
      const suppressed = p.known.every((r) => r.suppressAuthor);
      reporter.warn(
        `the style prints nothing for the citation of ${keys}` +
          (suppressed ? ': it cites by author, and [-@…] suppresses the author; write @key in the text, or give a locator' : ''),
        'citation-empty',
        p.known[0].pos,
      );
    }
    children.push(...content);
  }
  if (p.unknown.length > 0) {
    // Something visible in proofs where the citation failed; the build has an error anyway.
    if (children.length > 0) children.push({ type: 'text', value: ' ' });
    children.push({ type: 'strong', children: [{ type: 'text', value: `[${p.unknown.map((r) => r.key).join('; ')}?]` }] });
  }
  return { id: p.cluster.id, targets: [...new Set(targets)], children: mergeText(children) };
}

interface NameLike {
  family?: string;
  literal?: string;
  given?: string;
}

/**
 * The names a narrative citation starts with ("Kassenova", "Smith and Jones",
 * "Smith et al."), in the article's language: running text, not part of the entry.
 */
function narrativeName(item: CslItem, lang: Lang, locales: LocaleSet): string {
  const xml = localeXml(locales, localeTag(lang)) ?? '';
  const list = (Array.isArray(item.author) && item.author.length > 0 ? item.author : item.editor) as NameLike[] | undefined;
  if (!Array.isArray(list) || list.length === 0) return typeof item.title === 'string' ? item.title : '';
  const { names: real, others } = withoutOthers(list);
  const names = real.map((n) => n.family ?? n.literal ?? n.given ?? '').filter((n) => n !== '');
  if (names.length === 0) return '';
  if (others) return `${names[0]} ${localeTerm(xml, 'et-al') ?? 'et al.'}`;
  if (names.length === 1) return names[0];
  if (names.length === 2) return `${names[0]} ${localeTerm(xml, 'and') ?? 'and'} ${names[1]}`;
  return `${names[0]} ${localeTerm(xml, 'et-al') ?? 'et al.'}`;
}

function checkEntries(req: FormatRequest, cited: string[], reporter: Reporter): void {
  const citedSet = new Set(cited);
  for (const key of cited) {
    const e = req.entries.get(key)!;
    const missing = missingFields(e.item);
    if (missing.length > 0) {
      reporter.warn(
        `entry ‘${key}’ (${e.item.type}) has no ${missing.join(', no ')}; the reference list will lack it`,
        'bibliography-missing-field',
        { file: e.file, line: e.line, column: e.column },
      );
    }
  }
  if (req.warnUnused === false) return;
  // Crossref targets (a proceedings volume of a cited paper) are used through their children.
  const viaCrossref = new Set(cited.map((k) => req.entries.get(k)!.crossref).filter((k): k is string => !!k));
  for (const [key, e] of req.entries) {
    if (citedSet.has(key) || viaCrossref.has(key)) continue;
    // A set is cited as its members (expandSets).
    if (e.members && e.members.length > 0 && e.members.every((k) => citedSet.has(k))) continue;
    reporter.warn(`entry ‘${key}’ is never cited`, 'bibliography-unused-entry', { file: e.file, line: e.line, column: e.column });
  }
}
