/**
 * citeproc-js's HTML output → our Inline[]. citeproc emits a small, fixed set of tags
 * (the templates in its `CSL.Output.Formats.html`), so this is a strict reader for that
 * set rather than an HTML parser: anything else is a bug to hear about, not to guess at.
 *
 * Formatting is read as runs of text with a set of marks, then nested again in one fixed
 * order. That handles citeproc's flip-flops (italic inside italic comes out as
 * `<span style="font-style:normal;">`) without an "upright" node in our model.
 */
import type { Inline } from '../document/model.js';
import { inlineText, mergeText } from '../document/inlines.js';
import { encodeUri } from '../document/uri.js';

type Mark = 'strong' | 'emphasis' | 'smallcaps' | 'superscript' | 'subscript';
/** Outermost first. */
const MARK_ORDER: Mark[] = ['strong', 'emphasis', 'smallcaps', 'superscript', 'subscript'];

interface Run {
  text: string;
  marks: ReadonlySet<Mark>;
  href?: string;
  /** A line break (citeproc's display="block"), not text. */
  isBreak?: boolean;
}

/** A change to the current marks that an open tag makes and its close tag undoes. */
interface Frame {
  tag: string;
  set?: Mark;
  unset?: Mark[];
  href?: string;
  /** Which part of an entry the tag opens: the label column or the text. */
  part?: 'label' | 'content' | 'block';
}

export class CiteprocHtmlError extends Error {
  constructor(message: string, html: string) {
    super(`${message} in citeproc output: ${html.slice(0, 200)}`);
    this.name = 'CiteprocHtmlError';
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[e.toLowerCase()] ?? whole;
  });
}

/**
 * A link target as a valid URI: characters URIs may not hold (a SICI DOI's < and >, spaces,
 * braces) percent-encoded, so EPUBCheck and PDF viewers accept it; existing escapes kept.
 */
export function uriSafe(url: string): string {
  return url.replace(/[<>"{}|\\^`\s[\]]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

/** What an opening tag does; throws on tags citeproc does not emit. */
function frameFor(tag: string, attrs: string, html: string): Frame {
  // Only span and div look at these; most tags have no attributes.
  const style = attrs === '' ? '' : (/\bstyle="([^"]*)"/.exec(attrs)?.[1]?.replace(/\s+/g, '') ?? '');
  const cls = attrs === '' ? '' : (/\bclass="([^"]*)"/.exec(attrs)?.[1] ?? '');
  switch (tag) {
    case 'i':
    case 'em':
      return { tag, set: 'emphasis' };
    case 'b':
    case 'strong':
      return { tag, set: 'strong' };
    case 'sup':
      return { tag, set: 'superscript', unset: ['subscript'] };
    case 'sub':
      return { tag, set: 'subscript', unset: ['superscript'] };
    case 'a': {
      const href = /\bhref="([^"]*)"/.exec(attrs)?.[1];
      return href === undefined ? { tag } : { tag, href: uriSafe(decodeEntities(href)) };
    }
    case 'span':
      if (style.startsWith('font-style:normal')) return { tag, unset: ['emphasis'] };
      if (style.startsWith('font-style:italic')) return { tag, set: 'emphasis' };
      if (style.startsWith('font-variant:small-caps')) return { tag, set: 'smallcaps' };
      if (style.startsWith('font-variant:normal')) return { tag, unset: ['smallcaps'] };
      if (style.startsWith('font-weight:bold')) return { tag, set: 'strong' };
      if (style.startsWith('font-weight:normal')) return { tag, unset: ['strong'] };
      if (style === 'baseline' || style.startsWith('vertical-align:baseline')) return { tag, unset: ['superscript', 'subscript'] };
      // Underline has no place in our model (and GOST and APA do not use it): keep the text.
      if (style.startsWith('text-decoration:')) return { tag };
      if (cls === 'nocase' || cls === 'nodecor' || (style === '' && cls === '')) return { tag };
      throw new CiteprocHtmlError(`unexpected <span ${attrs.trim()}>`, html);
    case 'div':
      if (cls === 'csl-left-margin') return { tag, part: 'label' };
      if (cls === 'csl-right-inline') return { tag, part: 'content' };
      if (cls === 'csl-block' || cls === 'csl-indent') return { tag, part: 'block' };
      if (cls === 'csl-entry' || cls === 'csl-bib-body') return { tag };
      throw new CiteprocHtmlError(`unexpected <div ${attrs.trim()}>`, html);
    default:
      throw new CiteprocHtmlError(`unexpected <${tag}>`, html);
  }
}

export interface ParsedHtml {
  /** Content of citeproc's csl-left-margin column (the "[1]" of numeric styles), if any. */
  label: Inline[];
  content: Inline[];
}

/** Reads one citation or one bibliography entry. */
export function parseCiteprocHtml(html: string): ParsedHtml {
  const label: Run[] = [];
  const content: Run[] = [];
  const stack: Frame[] = [];
  const marks = new Set<Mark>();
  // Runs share one copy of the marks until they change (runs never modify theirs).
  let snapshot: ReadonlySet<Mark> | undefined;
  let href: string | undefined;
  const state: { part: 'label' | 'content' } = { part: 'content' };
  // Whitespace between citeproc's block divs is its pretty-printing, not text.
  let lastWasDivTag = true;

  const token = /<(\/?)([a-z][a-z0-9]*)((?:\s+[a-z-]+(?:="[^"]*")?)*)\s*(\/?)>|([^<]+)|(<)/gi;
  for (let m = token.exec(html); m; m = token.exec(html)) {
    const [, closing, rawTag, attrs = '', selfClosing, text, stray] = m;
    if (stray) throw new CiteprocHtmlError('stray ‘<’', html);
    if (text !== undefined) {
      if (text.trim() === '' && (lastWasDivTag || /^<\/?div\b/i.test(html.slice(token.lastIndex, token.lastIndex + 5)))) continue;
      lastWasDivTag = false;
      snapshot ??= new Set(marks);
      (state.part === 'label' ? label : content).push({ text: decodeEntities(text), marks: snapshot, href });
      continue;
    }
    const tag = rawTag.toLowerCase();
    lastWasDivTag = tag === 'div';
    if (tag === 'br') {
      (state.part === 'label' ? label : content).push({ text: '', marks: new Set(), isBreak: true });
      continue;
    }
    if (closing) {
      const frame = stack.pop();
      if (!frame || frame.tag !== tag) throw new CiteprocHtmlError(`unbalanced </${tag}>`, html);
      // Recompute from the stack: a frame's undo is whatever the frames below say.
      marks.clear();
      snapshot = undefined;
      href = undefined;
      state.part = 'content';
      for (const f of stack) apply(f);
      continue;
    }
    const frame = frameFor(tag, attrs, html);
    if (selfClosing) continue;
    stack.push(frame);
    if (frame.part === 'block' && content.length > 0) content.push({ text: '', marks: new Set(), isBreak: true });
    apply(frame);
  }
  if (stack.length > 0) throw new CiteprocHtmlError(`unclosed <${stack[stack.length - 1].tag}>`, html);
  return { label: build(trimRuns(label)), content: build(trimRuns(content)) };

  function apply(f: Frame): void {
    if (f.set || f.unset) snapshot = undefined;
    if (f.set) marks.add(f.set);
    for (const u of f.unset ?? []) marks.delete(u);
    if (f.href !== undefined) href = f.href;
    if (f.part === 'label') state.part = 'label';
    else if (f.part === 'content') state.part = 'content';
  }
}

function trimRuns(runs: Run[]): Run[] {
  const out = runs.filter((r) => r.isBreak || r.text !== '');
  while (out.length > 0 && out[0].isBreak) out.shift();
  while (out.length > 0 && out[out.length - 1].isBreak) out.pop();
  if (out.length > 0 && !out[0].isBreak) out[0] = { ...out[0], text: out[0].text.replace(/^\s+/, '') };
  const last = out.length - 1;
  if (last >= 0 && !out[last].isBreak) out[last] = { ...out[last], text: out[last].text.replace(/\s+$/, '') };
  return out.filter((r) => r.isBreak || r.text !== '');
}

/** Runs → nested inlines: links outermost, then marks in MARK_ORDER; adjacent text merged. */
function build(runs: Run[]): Inline[] {
  const out: Inline[] = [];
  for (const group of groupBy(runs, (r) => r.href)) {
    const children = nest(group, 0);
    const url = group[0].href;
    if (url !== undefined) out.push({ type: 'link', url: encodeUri(url), children });
    else out.push(...children);
  }
  return mergeText(out);
}

function nest(runs: Run[], level: number): Inline[] {
  if (level === MARK_ORDER.length) {
    return runs.map((r): Inline => (r.isBreak ? { type: 'break' } : { type: 'text', value: r.text }));
  }
  // Unformatted text (most of an entry) needs no grouping by mark.
  if (level === 0 && runs.every((r) => r.marks.size === 0)) return mergeText(nest(runs, MARK_ORDER.length));
  const mark = MARK_ORDER[level];
  const out: Inline[] = [];
  for (const group of groupBy(runs, (r) => r.marks.has(mark))) {
    const inner = nest(group, level + 1);
    if (group[0].marks.has(mark)) out.push({ type: mark, children: mergeText(inner) });
    else out.push(...inner);
  }
  return mergeText(out);
}

/** Splits into maximal consecutive groups with the same key. */
function groupBy<K>(runs: Run[], key: (r: Run) => K): Run[][] {
  const groups: Run[][] = [];
  let lastKey: K | undefined;
  for (const r of runs) {
    const k = key(r);
    if (groups.length > 0 && k === lastKey) groups[groups.length - 1].push(r);
    else groups.push([r]);
    lastKey = k;
  }
  return groups;
}

export { inlineText };
