/**
 * The EPUB renderer: one EPUB 3 holding the whole issue, read from the resolved Issue only.
 *
 *   xhtml.ts      model → XHTML (title page, one document per article), escaping, ids
 *   nav.ts        nav document (toc + landmarks) and NCX from one tree
 *   package.ts    the OPF: metadata (incl. accessibility), manifest, spine
 *   cover.ts      cover PNG drawn with the template's fonts
 *   resources.ts  images and fonts in the book, stylesheet references
 *   subset.ts     the fonts cut down to the book's characters (HarfBuzz hb-subset)
 *   generate.ts   packaging with epub-gen-memory (templates overridden)
 *   zip.ts        the deterministic zip
 *
 * Fonts are subset with hb-subset, not fontkit: fontkit's `createSubset()` writes only the
 * tables a PDF needs (no cmap, name, OS/2 or post), so its output cannot work as a web font
 * and would drop the OFL notice kept in the name table. hb-subset keeps cmap, the whole name
 * table and the layout features; the fonts shrink to about a third, and so does the work
 * of packing them.
 */
import { readFile } from 'node:fs/promises';
import type { Issue } from '../../document/model.js';
import { Reporter } from '../../messages/diagnostic.js';
import { renderCover } from './cover.js';
import { generateWithLibrary } from './generate.js';
import { navDocument, navTree, ncxDocument, TOC_ID, type Landmark } from './nav.js';
import { bookTitle, packageDocument, type ManifestItem } from './package.js';
import {
  CONTAINER_PATH,
  COVER_HREF,
  CSS_HREF,
  libraryFileName,
  mainLang,
  NAV_HREF,
  NCX_HREF,
  OEBPS,
  OPF_PATH,
  TITLEPAGE_HREF,
} from './paths.js';
import { checkCssUrls, collectFonts, collectImages, imageBlocks } from './resources.js';
import { bookCodePoints, subsetFont } from './subset.js';
import { codeStylesheet, codeTexts } from './code.js';
import type { EpubOptions } from './types.js';
import { articleDocument, articleTitle, titlePageDocument, volumeNumber } from './xhtml.js';
import { writeEpubZip, type ZipEntry } from './zip.js';

export type { EpubFont, EpubOptions } from './types.js';

const XHTML = 'application/xhtml+xml';

/** CSS escapes (`\2014 `) as the characters they stand for: generated content needs glyphs too. */
function unescapeCss(css: string): string {
  return css.replace(/\\([0-9a-fA-F]{1,6})\s?/g, (all, hex: string) => {
    const cp = parseInt(hex, 16);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : all;
  });
}

/** `<slug>.xhtml` per article, unique and clear of the book's fixed file names. */
function articleFileNames(issue: Issue): string[] {
  const used = new Set<string>([TITLEPAGE_HREF, NAV_HREF]);
  return issue.articles.map((a, i) => {
    let name = `${libraryFileName(a.slug)}.xhtml`;
    if (name === '.xhtml' || used.has(name)) name = `article-${i + 1}.xhtml`;
    used.add(name);
    return name;
  });
}

export async function renderEpub(issue: Issue, options: EpubOptions): Promise<Uint8Array> {
  const reporter = new Reporter();
  const cssFile = options.cssFile ?? 'epub.css';
  // Code brings its faces and token rules; a book without code carries neither.
  const code = options.code;
  const codeText = code ? codeTexts(issue) : [];
  const withCode = code !== undefined && codeText.length > 0;
  const css = withCode ? options.css + codeStylesheet(code.fonts, code.palette) : options.css;
  const monoFiles = new Set(withCode ? code.fonts.map((f) => f.path) : []);
  if (options.fonts.length === 0) {
    reporter.error('the template gives the EPUB no fonts (the cover is drawn with them)', 'epub-no-fonts', { file: cssFile });
  }
  const blocks = imageBlocks(issue);
  const images = collectImages(blocks, reporter);
  const fonts = collectFonts(withCode ? [...options.fonts, ...code.fonts] : options.fonts, reporter, cssFile);
  reporter.throwIfErrors();

  const files = articleFileNames(issue);
  const articleIds = files.map((_, i) => `article-${i + 1}`);
  const manifest: ManifestItem[] = [
    { id: 'titlepage', href: TITLEPAGE_HREF, mediaType: XHTML },
    { id: 'nav', href: NAV_HREF, mediaType: XHTML, properties: 'nav' },
    ...files.map((href, i) => ({ id: articleIds[i], href, mediaType: XHTML })),
    { id: 'ncx', href: NCX_HREF, mediaType: 'application/x-dtbncx+xml' },
    { id: 'css', href: CSS_HREF, mediaType: 'text/css' },
    { id: 'cover-image', href: COVER_HREF, mediaType: 'image/png', properties: 'cover-image' },
    ...fonts.map((f) => ({ id: f.id, href: f.href, mediaType: f.mediaType })),
    ...images.map((img) => ({ id: img.id, href: img.href, mediaType: img.mediaType })),
  ];
  checkCssUrls(css, new Set(manifest.map((m) => m.href)), reporter, cssFile);
  reporter.throwIfErrors();

  const imageHrefs = new Map(images.map((img) => [img.source, img.href]));
  const documents = [
    { filename: TITLEPAGE_HREF, title: issue.journal.title, xhtml: titlePageDocument(issue) },
    ...issue.articles.map((a, i) => ({ filename: files[i], title: articleTitle(a), xhtml: articleDocument(a, imageHrefs) })),
  ];
  // Documents holding MathML say so in the package (EPUB 3's `mathml` property).
  documents.forEach((d, i) => {
    const item = i > 0 && d.xhtml.includes('<math') ? manifest.find((m) => m.id === articleIds[i - 1]) : undefined;
    if (item) item.properties = 'mathml';
  });
  const entries = navTree(issue, files);
  const landmarks: Landmark[] = [
    { type: 'titlepage', href: TITLEPAGE_HREF, label: issue.journal.title },
    { type: 'toc', href: `${NAV_HREF}#${TOC_ID}`, label: issue.labels.contents },
  ];
  if (issue.articles.length > 0) {
    landmarks.push({ type: 'bodymatter', href: files[0], label: articleTitle(issue.articles[0]) });
  }
  const nav = navDocument(issue, entries, landmarks);
  const ncx = ncxDocument(issue.identifier, bookTitle(issue), mainLang(issue), entries);
  const opf = packageDocument({
    issue,
    modified: options.modified,
    manifest,
    spine: ['titlepage', 'nav', ...articleIds],
    ncxId: 'ncx',
    coverId: 'cover-image',
    images: { count: blocks.length, allHaveAlt: blocks.every((b) => b.alt.trim() !== '') },
  });
  const coverText = {
    journal: issue.journal.title,
    volumeNumber: volumeNumber(issue.labels, issue),
    year: String(issue.year),
    publisher: issue.journal.publisher,
  };
  // Rasterised on the thread pool while the fonts are subset here; observed at once, so a
  // failure elsewhere first does not leave it an unhandled rejection.
  const coverPng = renderCover(coverText, options.fonts);
  coverPng.catch(() => undefined);

  // One character set for all four faces: which face draws what is the stylesheet's business.
  const codePoints = bookCodePoints([
    ...documents.map((d) => d.xhtml),
    nav,
    unescapeCss(css),
    ...Object.values(coverText).filter((v): v is string => v !== undefined),
  ]);
  // The mono faces draw code alone: they keep its characters (and the always-kept set).
  const codePointsOfCode = withCode ? bookCodePoints(codeText) : codePoints;
  const fontFiles = await Promise.all(
    fonts.map(async (f): Promise<[string, Uint8Array]> => {
      const whole = new Uint8Array(await readFile(f.source));
      const cut = /\.(ttf|otf)$/i.test(f.source) ? subsetFont(whole, monoFiles.has(f.source) ? codePointsOfCode : codePoints) : undefined;
      return [OEBPS + f.href, cut ?? whole];
    }),
  );

  const cover = await coverPng;
  const written = await generateWithLibrary({
    title: bookTitle(issue),
    css,
    opf,
    nav,
    ncx,
    documents,
    cover: { filename: COVER_HREF, mediaType: 'image/png', data: cover },
    date: options.modified,
  });

  // The library must have written our documents verbatim: a difference means a new version
  // of it changed them, and the book would no longer be what the tests checked.
  const encoder = new TextEncoder();
  const ours = new Map<string, Uint8Array>([
    [OPF_PATH, encoder.encode(opf)],
    [OEBPS + NAV_HREF, encoder.encode(nav)],
    [OEBPS + NCX_HREF, encoder.encode(ncx)],
    [OEBPS + CSS_HREF, encoder.encode(css)],
    [OEBPS + COVER_HREF, cover],
    ...documents.map((d): [string, Uint8Array] => [OEBPS + d.filename, encoder.encode(d.xhtml)]),
  ]);
  for (const [file, bytes] of ours) {
    const got = written.get(file);
    if (got === undefined || Buffer.compare(got, bytes) !== 0) {
      throw new Error(`EPUB: epub-gen-memory did not write ${file} as given`);
    }
  }
  // Images are ours alone: the library only knows images it finds (and renames at random) in chapter HTML.
  for (const img of images) written.set(OEBPS + img.href, new Uint8Array(await readFile(img.source)));
  for (const [file, bytes] of fontFiles) written.set(file, bytes);

  // Fixed order: container, package, then the manifest's order.
  const order = [CONTAINER_PATH, OPF_PATH, ...manifest.map((m) => OEBPS + m.href)];
  const listed = new Set(['mimetype', ...order]);
  for (const file of written.keys()) {
    if (!listed.has(file)) throw new Error(`EPUB: epub-gen-memory wrote ${file}, which the manifest does not list`);
  }
  const zipEntries: ZipEntry[] = order.map((file) => {
    const data = written.get(file);
    if (data === undefined) throw new Error(`EPUB: ${file} is in the manifest but was not written`);
    return { path: file, data };
  });
  return writeEpubZip(zipEntries, options.modified);
}
