/**
 * What a manuscript may not do: run scripts, fetch from the network, or read files outside
 * its folder. Raw HTML is reduced to a small safe subset (<sup>, <sub>, <br>, small caps);
 * anything that could execute is an error, anything else a warning and dropped.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { LANGS, type Inline, type Lang, type SourcePos } from '../model.js';
import type { ResolveContext } from './context.js';

const DANGEROUS = /<\s*(script|iframe|object|embed|style|link|meta|base|form)\b|\son[a-z]+\s*=|javascript:|vbscript:|data:text\/html/i;

export type Wrapper = { type: 'superscript' | 'subscript' | 'smallcaps' | 'emphasis' | 'strong'; children: Inline[] } | { type: 'lang'; lang: Lang; children: Inline[] };

const WRAPPERS: Record<string, 'superscript' | 'subscript' | 'emphasis' | 'strong'> = { sup: 'superscript', sub: 'subscript', em: 'emphasis', i: 'emphasis', strong: 'strong', b: 'strong' };

export function sanitizeInlineHtml(
  html: string,
  pos: SourcePos,
  ctx: ResolveContext,
  stack: Wrapper[],
  target: () => Inline[],
): void {
  if (DANGEROUS.test(html)) {
    ctx.reporter.error(`Raw HTML that could run code is not allowed: ${html.trim().slice(0, 60)}`, 'html-unsafe', pos);
    return;
  }
  const tag = /^<\s*(\/?)\s*([a-z]+)([^>]*)>$/i.exec(html.trim());
  if (!tag) {
    if (!/^<!--[\s\S]*-->$/.test(html.trim())) ctx.reporter.warn(`Raw HTML is not supported and was dropped: ${html.trim().slice(0, 60)}`, 'html-unsupported', pos);
    return;
  }
  const [, close, nameRaw, attrs] = tag;
  const name = nameRaw.toLowerCase();
  if (name === 'br' && !close) {
    target().push({ type: 'break', pos });
    return;
  }
  const lang = name === 'span' ? /\blang\s*=\s*["']?([a-z]{2,3})/i.exec(attrs)?.[1].toLowerCase() : undefined;
  const kind = WRAPPERS[name] ?? (name === 'span' && /font-variant\s*:\s*small-caps|class="?smallcaps/i.test(attrs) ? 'smallcaps' : null);
  if (!close && lang && (LANGS as readonly string[]).includes(lang)) {
    stack.push({ type: 'lang', lang: lang as Lang, children: [] });
    return;
  }
  if (!close && kind) {
    stack.push({ type: kind, children: [] });
    return;
  }
  if (close && (name in WRAPPERS || name === 'span') && stack.length) {
    const open = stack.pop()!;
    target().push(open);
    return;
  }
  ctx.reporter.warn(`Raw HTML <${close}${name}> is not supported and was dropped (its text is kept)`, 'html-unsupported', pos);
}

export function sanitizeBlockHtml(html: string, pos: SourcePos, ctx: ResolveContext): void {
  if (DANGEROUS.test(html)) {
    ctx.reporter.error(`Raw HTML that could run code is not allowed: ${html.trim().split('\n')[0].slice(0, 60)}`, 'html-unsafe', pos);
  } else if (/^\s*<!--/.test(html) && !html.includes('-->')) {
    // CommonMark runs an unclosed comment to the end of the document: every word after it would vanish.
    ctx.reporter.error('An HTML comment is never closed (‘<!--’ without ‘-->’): the rest of the article would be lost', 'html-comment-unclosed', pos);
  } else if (textOf(html) !== '') {
    ctx.reporter.error(`Raw HTML block would drop its text (‘${textOf(html).slice(0, 40)}’): write it as Markdown`, 'html-text-lost', pos);
  } else if (!/^<!--[\s\S]*-->$/.test(html.trim())) {
    ctx.reporter.warn('Raw HTML blocks are not supported and were dropped', 'html-unsupported', pos);
  }
}

/** The words of an HTML block once its comments and tags are taken out. */
function textOf(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&[a-z]+;|&#x?[0-9a-f]+;/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Links may point at the web or at an e-mail address; never at a script. */
export function checkUrl(url: string, ctx: ResolveContext, pos: SourcePos): boolean {
  if (/^(https?:|mailto:|#)/i.test(url)) return true;
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) {
    ctx.reporter.error(`Link scheme not allowed: ${url.slice(0, 60)}`, 'link-scheme', pos);
    return false;
  }
  ctx.reporter.warn(`Relative link ‘${url.slice(0, 60)}’ has no meaning in print or e-book; printed as text`, 'link-relative', pos);
  return false;
}

/** An image must be a local file inside the article folder; no fetching, no escaping the folder. */
export function resolveImagePath(url: string, ctx: ResolveContext, pos: SourcePos): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) {
    ctx.reporter.error(`Remote images are not fetched (Baspa builds offline): ${url.slice(0, 80)}`, 'image-remote', pos);
    return null;
  }
  const file = path.resolve(ctx.dir, decodeURI(url));
  let real = file;
  try {
    real = realpathSync(file);
  } catch {
    /* missing: reported below */
  }
  const root = realpathSync(ctx.dir);
  if (!real.startsWith(root + path.sep)) {
    ctx.reporter.error(`Image path leads outside the article folder: ${url.slice(0, 80)}`, 'image-outside', pos);
    return null;
  }
  if (!existsSync(real) || !statSync(real).isFile()) {
    ctx.reporter.error(`Image not found: ${url.slice(0, 80)}`, 'image-missing', pos);
    return null;
  }
  // The format is told by the file's first bytes (image-file.ts), not by its name.
  return real;
}
