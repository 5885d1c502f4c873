import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { BuildError } from '../../src/messages/diagnostic.js';
import type { Issue } from '../../src/document/model.js';
import { renderEpub, type EpubOptions } from '../../src/render/epub/index.js';
import { fixtureIssue, fixtureText, hostileIssue, illustratedIssue, literataFonts } from '../fixtures/epub/issue.js';
import { needTool } from '../helpers/tools.js';

const CSS = readFileSync(new URL('../../templates/journal/epub.css', import.meta.url), 'utf8');

/** The little of fontkit the font checks read. */
interface FontInfo {
  numGlyphs: number;
  availableFeatures: string[];
  name: { records: Record<string, Record<string, string> | undefined> };
  hasGlyphForCodePoint(cp: number): boolean;
}
const fontkit = createRequire(import.meta.url)('fontkit') as { create(b: Buffer): FontInfo };

// SOURCE_DATE_EPOCH-style: a fixed instant, unrelated to the issue's date.
const MODIFIED = new Date(Date.UTC(2024, 5, 3, 12, 34, 56));

function options(over: Partial<EpubOptions> = {}): EpubOptions {
  return { css: CSS, fonts: literataFonts(), modified: MODIFIED, ...over };
}

async function unzip(bytes: Uint8Array): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const out = new Map<string, string>();
  for (const f of Object.values(zip.files)) {
    if (!f.dir && /\.(xhtml|opf|ncx|css|xml)$/.test(f.name)) out.set(f.name, await f.async('string'));
  }
  return out;
}

function get(files: Map<string, string>, name: string): string {
  const text = files.get(name);
  if (text === undefined) throw new Error(`${name} missing from the EPUB`);
  return text;
}

/** Text content of XHTML: tags dropped, the five escapes undone. */
function textOf(xhtml: string): string {
  return xhtml
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

// --- EPUBCheck ------------------------------------------------------------------------------
// An asynchronous runner (unlike test/helpers/tools.ts's epubcheck()), so the three books are
// checked by three JVMs side by side; the report goes to a file, as EPUBCheck also prints a
// verdict line on stdout.

interface CheckResult {
  fatal: number;
  error: number;
  warning: number;
  messages: string[];
}

const execFileAsync = promisify(execFile);

async function runEpubcheck(file: string): Promise<CheckResult> {
  const json = `${file}.json`;
  const jar = process.env.EPUBCHECK_JAR ?? '/usr/share/java/epubcheck.jar';
  // EPUBCheck exits non-zero when it finds errors; the report says which.
  const run = await execFileAsync('java', ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-jar', jar, file, '--json', json]).catch(
    (e: { stderr?: string }) => ({ stderr: e.stderr ?? String(e) }),
  );
  if (!existsSync(json)) throw new Error(`epubcheck wrote no report: ${run.stderr}`);
  const report = JSON.parse(readFileSync(json, 'utf8')) as {
    checker: { nFatal: number; nError: number; nWarning: number };
    messages: { ID: string; severity: string; message: string; locations: { path: string; line: number }[] }[];
  };
  return {
    fatal: report.checker.nFatal,
    error: report.checker.nError,
    warning: report.checker.nWarning,
    messages: report.messages
      .filter((m) => m.severity !== 'USAGE' && m.severity !== 'INFO')
      .map((m) => `${m.severity} ${m.ID} ${m.message} @ ${m.locations.map((l) => `${l.path}:${l.line}`).join(', ')}`),
  };
}

/** Skips with a reason locally when EPUBCheck is missing; fails in CI, where .ci/run installs it. */
function requireEpubcheck(ctx: TestContext): void {
  const jar = process.env.EPUBCHECK_JAR ?? '/usr/share/java/epubcheck.jar';
  if (needTool('java') && existsSync(jar)) return;
  const reason = `EPUBCheck not found (${jar}; Debian: apt-get install epubcheck, or set EPUBCHECK_JAR)`;
  if (process.env.CI === 'true') throw new Error(reason);
  ctx.skip(reason);
}

// --- the fixture, built once ---------------------------------------------------------------

let dir: string;
let book: Uint8Array;
let hostileBook: Uint8Array;
let illustratedBook: Uint8Array;
let files: Map<string, string>;
const EN_DOC = 'OEBPS/kazakhstan-afghanistan.xhtml';
const KK_DOC = 'OEBPS/mangilik-el.xhtml';

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'baspa-epub-'));
  book = await renderEpub(fixtureIssue(), options());
  hostileBook = await renderEpub(hostileIssue(), options());
  illustratedBook = await renderEpub(illustratedIssue(), options());
  files = await unzip(book);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('renderEpub', () => {
  it('passes EPUBCheck with no errors and no warnings, markup characters and images included', async (ctx) => {
    requireEpubcheck(ctx);
    const books = { fixture: book, hostile: hostileBook, illustrated: illustratedBook };
    // One JVM per book, side by side: EPUBCheck's start-up dominates.
    const results = await Promise.all(
      Object.entries(books).map(async ([name, bytes]) => {
        const file = path.join(dir, `${name}.epub`);
        writeFileSync(file, bytes);
        return [name, await runEpubcheck(file)] as const;
      }),
    );
    for (const [name, result] of results) {
      expect(result.messages, name).toEqual([]);
      expect([result.fatal, result.error, result.warning], name).toEqual([0, 0, 0]);
    }
  });

  it('escapes markup characters in metadata, nav and text', async () => {
    const hostile = await unzip(hostileBook);
    const opf = get(hostile, 'OEBPS/content.opf');
    expect(opf).toContain('<dc:title id="title">Journal Tom &lt;&amp;&quot;&gt; Jerry, Vol. 3, No. 2 (2024)</dc:title>');
    expect(opf).toContain('<dc:identifier id="pub-id">urn:baspa:a&amp;b&lt;c&gt;</dc:identifier>');
    expect(opf).toContain('<dc:creator id="creator-1">Author Tom &lt;&amp;&quot;&gt; Jerry</dc:creator>');
    expect(get(hostile, 'OEBPS/toc.ncx')).toContain('content="urn:baspa:a&amp;b&lt;c&gt;"');
    expect(get(hostile, 'OEBPS/toc.xhtml')).toContain('>Heading Tom &lt;&amp;&quot;&gt; Jerry</a>');
    const doc = get(hostile, EN_DOC);
    expect(doc).toContain('<h1 id="epub-title">Title Tom &lt;&amp;&quot;&gt; Jerry</h1>');
    expect(doc).toContain('<code>&lt;b&gt;&amp;amp;&lt;/b&gt;</code>');
    expect(doc).toContain(']]&gt;');
    for (const [name, text] of hostile) {
      expect(text, name).not.toContain('<&">');
    }
  });

  it('gives byte-identical files for the same input, whatever the time zone', async () => {
    const again = await renderEpub(fixtureIssue(), options());
    expect(Buffer.compare(Buffer.from(again), Buffer.from(book))).toBe(0);
    const tz = process.env.TZ;
    process.env.TZ = 'Asia/Almaty';
    try {
      const elsewhere = await renderEpub(fixtureIssue(), options());
      expect(Buffer.compare(Buffer.from(elsewhere), Buffer.from(book))).toBe(0);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('writes a zip readers accept: mimetype first, stored, no extra field; fixed order and dates', async () => {
    const bytes = Buffer.from(book);
    expect(bytes.readUInt32LE(0)).toBe(0x04034b50);
    expect(bytes.readUInt16LE(8)).toBe(0); // STORED
    expect(bytes.readUInt16LE(26)).toBe('mimetype'.length);
    expect(bytes.readUInt16LE(28)).toBe(0); // no extra field
    expect(bytes.subarray(30, 38).toString('latin1')).toBe('mimetype');
    expect(bytes.subarray(38, 58).toString('latin1')).toBe('application/epub+zip');
    const zip = await JSZip.loadAsync(book);
    const names = Object.keys(zip.files);
    expect(names.slice(0, 3)).toEqual(['mimetype', 'META-INF/container.xml', 'OEBPS/content.opf']);
    expect(names.some((n) => n.endsWith('/'))).toBe(false);
    for (const f of Object.values(zip.files)) {
      // DOS time has two-second steps; MODIFIED falls on an even second.
      expect(f.date.toISOString(), f.name).toBe(MODIFIED.toISOString());
    }
  });

  it('takes every date from the issue and `modified`, never the clock', async () => {
    const opf = get(files, 'OEBPS/content.opf');
    expect(opf).toContain('<meta property="dcterms:modified">2024-06-03T12:34:56Z</meta>');
    expect(opf).toContain('<dc:date>2024-06-01</dc:date>');
    const year = String(new Date().getUTCFullYear());
    if (year !== '2024') expect(opf).not.toContain(year);
    // SOURCE_DATE_EPOCH=0 is legal: the metadata keeps it, zip times clamp to the DOS epoch.
    const epoch = await renderEpub(fixtureIssue(), options({ modified: new Date(0) }));
    expect(get(await unzip(epoch), 'OEBPS/content.opf')).toContain('1970-01-01T00:00:00Z');
    const dates = Object.values((await JSZip.loadAsync(epoch)).files).map((f) => f.date.toISOString());
    expect(new Set(dates)).toEqual(new Set(['1980-01-01T00:00:00.000Z']));
  });

  it('lists both articles and their sections, nested, in the nav', () => {
    const nav = get(files, 'OEBPS/toc.xhtml');
    expect(nav).toMatch(/<nav id="toc" epub:type="toc" role="doc-toc"/);
    expect(nav).toMatch(/<nav epub:type="landmarks"/);
    const toc = nav.slice(nav.indexOf('epub:type="toc"'), nav.indexOf('epub:type="landmarks"'));
    // Depth of each link = <ol> opened before it and not yet closed.
    const links: { depth: number; href: string; label: string }[] = [];
    let depth = 0;
    for (const m of toc.matchAll(/<ol>|<\/ol>|<a href="([^"]*)"[^>]*>([^<]*)<\/a>/g)) {
      if (m[0] === '<ol>') depth += 1;
      else if (m[0] === '</ol>') depth -= 1;
      else links.push({ depth, href: m[1], label: m[2] });
    }
    expect(links).toEqual([
      { depth: 1, href: 'kazakhstan-afghanistan.xhtml', label: 'Development of Kazakhstani Relations with Afghanistan at the Present Stage' },
      { depth: 2, href: 'kazakhstan-afghanistan.xhtml#introduction', label: 'Introduction' },
      { depth: 3, href: 'kazakhstan-afghanistan.xhtml#sources', label: 'Sources' },
      { depth: 2, href: 'kazakhstan-afghanistan.xhtml#trade-and-education', label: 'Trade and education' },
      { depth: 2, href: 'kazakhstan-afghanistan.xhtml#epub-notes', label: 'Notes' },
      { depth: 2, href: 'kazakhstan-afghanistan.xhtml#epub-references', label: 'References' },
      { depth: 1, href: 'mangilik-el.xhtml', label: '«Мәңгілік ел» идеясының Қазақстанның саяси-қоғамдық бірлігін нығайтудағы рөлі' },
      { depth: 2, href: 'mangilik-el.xhtml#kirispe', label: 'Кіріспе' },
      { depth: 2, href: 'mangilik-el.xhtml#қорытынды', label: 'Қорытынды' },
      { depth: 2, href: 'mangilik-el.xhtml#epub-references', label: 'Әдебиеттер тізімі' },
    ]);
    // Every fragment the nav points at exists in its document.
    for (const { href } of links) {
      const [file, fragment] = href.split('#');
      if (fragment) expect(get(files, `OEBPS/${file}`), href).toContain(`id="${fragment}"`);
    }
    expect(nav).toContain('<a href="mangilik-el.xhtml" lang="kk" xml:lang="kk">');
  });

  it('marks each document with its language', () => {
    expect(get(files, KK_DOC)).toContain('<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="kk" xml:lang="kk">');
    expect(get(files, EN_DOC)).toContain('lang="en" xml:lang="en">');
    expect(get(files, EN_DOC)).toContain('<span lang="kk" xml:lang="kk">«Мәңгілік ел»</span>');
    const opf = get(files, 'OEBPS/content.opf');
    expect(opf).toMatch(/<package [^>]*xml:lang="en"/);
    expect(opf.indexOf('<dc:language>en</dc:language>')).toBeLessThan(opf.indexOf('<dc:language>kk</dc:language>'));
  });

  it('links notes and references both ways with EPUB and ARIA semantics', () => {
    const en = get(files, EN_DOC);
    expect(en).toContain('<a class="noteref" id="fn-1-ref" epub:type="noteref" role="doc-noteref" href="#fn-1"><sup>1</sup></a>');
    expect(en).toContain('<aside class="footnote" id="fn-1" epub:type="footnote" role="doc-footnote">');
    expect(en).toContain('<a class="note-label" role="doc-backlink" href="#fn-1-ref">1</a>');
    expect(en).toContain('<a class="citation" id="cite-1" epub:type="biblioref" role="doc-biblioref" href="#ref-mfa">[1]</a>');
    expect(en).toContain('<section class="references" role="doc-bibliography" epub:type="bibliography"');
    expect(en).toMatch(/<li id="ref-mfa" epub:type="biblioentry"[^>]*>.*<a class="backlink" role="doc-backlink" href="#cite-1">/);
    expect(en).toContain('<li id="ref-stat" epub:type="biblioentry" lang="ru" xml:lang="ru">');
    // doc-biblioentry is deprecated in DPUB-ARIA 1.1 (Ace reports it).
    expect(en).not.toContain('doc-biblioentry');
    expect(get(files, KK_DOC)).toContain('<h2 id="epub-references">Әдебиеттер тізімі</h2>');
  });

  it('writes headings in order, header labels in the article language, and tables with column headers', () => {
    const en = get(files, EN_DOC);
    const levels = [...en.matchAll(/<h([1-6])/g)].map((m) => Number(m[1]));
    expect(levels).toEqual([1, 2, 2, 3, 2, 2, 2]);
    expect(en).toContain('<th scope="col">Year</th><th scope="col" class="align-right">Turnover, USD mln</th>');
    const kk = get(files, KK_DOC);
    expect(kk).toContain('<h2 id="epub-abstract">Аңдатпа</h2>');
    expect(kk).toContain('<span class="label">Түйін сөздер:</span>');
  });

  it('keeps every word of the fixture', () => {
    const text = [EN_DOC, KK_DOC].map((f) => textOf(get(files, f))).join(' ').normalize('NFC');
    const words = fixtureText(fixtureIssue()).normalize('NFC').split(/\s+/).filter((w) => w !== '');
    expect(words.length).toBeGreaterThan(150);
    const missing = words.filter((w) => !text.includes(w));
    expect(missing).toEqual([]);
    expect(text).toMatch(/[ӘҒҚҢӨҰҮҺІ]/);
  });

  it('has the title page, cover image, accessibility metadata and a non-empty description', () => {
    const title = get(files, 'OEBPS/titlepage.xhtml');
    expect(title).toContain('<h1 class="journal-title">Bulletin of Eurasian Humanities</h1>');
    expect(title).toContain('<p class="issue">Vol. 3, No. 2 (2024)</p>');
    expect(title).toContain('ISSN 1563-0269');
    expect(title).toContain('Baspa Test Press');
    const opf = get(files, 'OEBPS/content.opf');
    expect(opf).toContain('<item id="cover-image" href="cover.png" media-type="image/png" properties="cover-image"/>');
    expect(opf).toMatch(/<dc:description>Bulletin of Eurasian Humanities, Vol\. 3, No\. 2 \(2024\)\. Contents: Development/);
    expect(opf).toContain('<meta refines="#creator-3" property="role" scheme="marc:relators">aut</meta>');
    for (const prop of [
      'schema:accessMode">textual',
      'schema:accessModeSufficient">textual',
      'schema:accessibilityFeature">structuralNavigation',
      'schema:accessibilityFeature">tableOfContents',
      'schema:accessibilityFeature">readingOrder',
      'schema:accessibilityFeature">displayTransformability',
      'schema:accessibilityHazard">none',
      'schema:accessibilitySummary',
      'dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.1 Level AA',
    ]) {
      expect(opf).toContain(`<meta property="${prop}`);
    }
    expect(opf).not.toContain('accessMode">visual');
  });

  it('embeds each image once and declares visual content with its text alternative', async () => {
    const zip = await JSZip.loadAsync(illustratedBook);
    expect(Object.keys(zip.files).filter((n) => n.startsWith('OEBPS/images/'))).toEqual(['OEBPS/images/img-1.png']);
    const illustrated = await unzip(illustratedBook);
    const opf = get(illustrated, 'OEBPS/content.opf');
    expect(opf).toContain('<item id="img-1" href="images/img-1.png" media-type="image/png"/>');
    expect(opf).toContain('<meta property="schema:accessMode">visual</meta>');
    expect(opf).toContain('<meta property="schema:accessibilityFeature">alternativeText</meta>');
    expect(opf).toContain('<meta property="schema:accessModeSufficient">textual</meta>');
    const doc = get(illustrated, EN_DOC);
    expect(doc).toContain('<img src="images/img-1.png" alt="Bar chart: turnover in 2013 and 2014"/>');
    expect(doc).toContain('<ol start="3">');
    // Without a text alternative, text alone no longer suffices.
    const bare = get(await unzip(await renderEpub(illustratedIssue(''), options())), 'OEBPS/content.opf');
    expect(bare).toContain('<meta property="schema:accessModeSufficient">textual,visual</meta>');
    expect(bare).not.toContain('alternativeText');
  });

  it('reports an image type e-readers need not support, at its source position', async () => {
    const issue = illustratedIssue();
    const block = issue.articles[0].body.find((b) => b.type === 'image');
    if (block?.type !== 'image') throw new Error('fixture has no image');
    block.path = block.path.replace(/\.png$/, '.webp');
    const error = await renderEpub(issue, options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuildError);
    expect((error as BuildError).diagnostics.map((d) => [d.rule, d.file])).toEqual([
      ['epub-image-type', 'manuscripts/kazakhstan-afghanistan/article.md'],
    ]);
  });

  it('leaves out ISSN and publisher when the issue has none', async () => {
    const issue: Issue = fixtureIssue();
    issue.journal = { title: issue.journal.title };
    const bare = await unzip(await renderEpub(issue, options()));
    expect(get(bare, 'OEBPS/titlepage.xhtml')).not.toContain('ISSN');
    expect(get(bare, 'OEBPS/content.opf')).not.toContain('<dc:publisher>');
  });

  it('embeds fonts that have a glyph for every character of the text', async () => {
    const zip = await JSZip.loadAsync(book);
    const fontFiles = Object.keys(zip.files).filter((n) => n.endsWith('.ttf'));
    expect(fontFiles).toHaveLength(4);
    const text = [...files.entries()].filter(([n]) => n.endsWith('.xhtml')).map(([, x]) => textOf(x).replace(/\s/g, ''));
    // Both cases: reading systems draw synthesised small caps and text-transform with the other one.
    const chars = new Set([...text.join(''), ...text.join('').toUpperCase(), ...text.join('').toLowerCase()]);
    for (const name of fontFiles) {
      const font = fontkit.create(Buffer.from(await zip.files[name].async('uint8array')));
      const missing = [...chars].filter((c) => !font.hasGlyphForCodePoint(c.codePointAt(0) ?? 0));
      expect(missing, name).toEqual([]);
    }
  });

  it('subsets the fonts, keeping the whole name table (OFL notice) and the layout features', async () => {
    const zip = await JSZip.loadAsync(book);
    const sources = literataFonts();
    const names = ['baspa-serif-400.ttf', 'baspa-serif-400-italic.ttf', 'baspa-serif-700.ttf', 'baspa-serif-700-italic.ttf'];
    for (const [i, name] of names.entries()) {
      const whole = readFileSync(sources[i].path);
      const bytes = Buffer.from(await zip.files[`OEBPS/fonts/${name}`].async('uint8array'));
      expect(bytes.length, name).toBeLessThan(whole.length / 2);
      const cut = fontkit.create(bytes);
      const full = fontkit.create(whole);
      expect(cut.numGlyphs, name).toBeLessThan(full.numGlyphs / 2);
      expect(cut.name.records, name).toEqual(full.name.records);
      expect(cut.name.records.license, name).toBeDefined();
      // Small caps (the stylesheet's .smallcaps) and kerning survive the cut.
      expect(cut.availableFeatures, name).toEqual(expect.arrayContaining(['smcp', 'kern', 'liga']));
    }
  });

  it('names embedded fonts by role, so the stylesheet serves another template\'s fonts', async () => {
    const require = createRequire(import.meta.url);
    const ptSerif = (face: string): string =>
      require.resolve(`@expo-google-fonts/pt-serif/${face}/PTSerif_${face}.ttf`);
    const fonts = literataFonts().map((f, i) => ({
      ...f,
      path: ptSerif(['400Regular', '400Regular_Italic', '700Bold', '700Bold_Italic'][i]),
    }));
    const zip = await JSZip.loadAsync(await renderEpub(fixtureIssue(), options({ fonts })));
    const embedded = Object.keys(zip.files).filter((n) => n.startsWith('OEBPS/fonts/'));
    expect(embedded).toEqual([
      'OEBPS/fonts/baspa-serif-400.ttf',
      'OEBPS/fonts/baspa-serif-400-italic.ttf',
      'OEBPS/fonts/baspa-serif-700.ttf',
      'OEBPS/fonts/baspa-serif-700-italic.ttf',
    ]);
    // PT Serif's bold, cut down to the book's characters.
    const bold = fontkit.create(Buffer.from(await zip.files['OEBPS/fonts/baspa-serif-700.ttf'].async('uint8array')));
    const source = fontkit.create(readFileSync(ptSerif('700Bold')));
    expect(bold.name.records).toEqual(source.name.records);
    expect(bold.numGlyphs).toBeLessThan(source.numGlyphs);
  });

  it('reports a stylesheet url() the book does not contain', async () => {
    const css = `${CSS}\n@font-face { font-family: "X"; src: url("fonts/Missing.ttf"); }\n`;
    const error = await renderEpub(fixtureIssue(), options({ css, cssFile: 'templates/journal/epub.css' })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BuildError);
    const d = (error as BuildError).diagnostics[0];
    expect(d.rule).toBe('epub-css-missing');
    expect(d.file).toBe('templates/journal/epub.css');
    expect(d.line).toBe(CSS.split('\n').length + 1);
  });
});
