/**
 * The package document (OPF): metadata, manifest, spine. Everything is derived from the
 * Issue and the `modified` date, so two builds of the same issue write the same bytes.
 */
import type { Issue, Lang } from '../../document/model.js';
import { mainLang } from './paths.js';
import { articleTitle, escapeXml, issueLine } from './xhtml.js';

export interface ManifestItem {
  id: string;
  /** Relative to the OPF (OEBPS/). */
  href: string;
  mediaType: string;
  properties?: string;
}

export interface PackageInput {
  issue: Issue;
  modified: Date;
  manifest: readonly ManifestItem[];
  /** Manifest ids in reading order. */
  spine: readonly string[];
  /** Manifest id of the NCX. */
  ncxId: string;
  /** Manifest id of the cover image, for the EPUB 2 `<meta name="cover">` hint. */
  coverId: string;
  /** Images in the content documents and whether they all carry a text alternative. */
  images: { count: number; allHaveAlt: boolean };
}

/** The identifier attribute that ties `unique-identifier` to dc:identifier. */
const PUB_ID = 'pub-id';

/** `dcterms:modified` wants exactly CCYY-MM-DDThh:mm:ssZ (UTC, no fraction). */
export function formatModified(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The book's title: the journal and the issue, e.g. "Journal, Vol. 3, No. 2 (2024)". */
export function bookTitle(issue: Issue): string {
  return [issue.journal.title.trim(), issueLine(issue.labels, issue)].filter((s) => s !== '').join(', ');
}

/** A non-empty description (EPUBCheck rejects an empty dc:description): the issue and its contents. */
export function bookDescription(issue: Issue): string {
  const titles = issue.articles.map(articleTitle);
  const contents = titles.length > 0 ? ` ${issue.labels.contents}: ${titles.join('; ')}.` : '';
  return `${bookTitle(issue)}.${contents}`;
}

/** The languages of the book: the main one, the issue's others, then any other an article is in. */
export function bookLanguages(issue: Issue): Lang[] {
  const langs: Lang[] = [mainLang(issue)];
  for (const l of [...issue.langs, ...issue.articles.map((a) => a.lang)]) if (!langs.includes(l)) langs.push(l);
  return langs;
}

/** Authors of all articles, each once, in order of appearance. */
export function bookCreators(issue: Issue): string[] {
  const names: string[] = [];
  for (const a of issue.articles) {
    for (const author of a.authors) if (!names.includes(author.name)) names.push(author.name);
  }
  return names;
}

function accessibilityMetadata(input: PackageInput): string[] {
  const { count, allHaveAlt } = input.images;
  const modes = count > 0 ? ['textual', 'visual'] : ['textual'];
  // Text alone suffices only if every image has a text alternative.
  const sufficient = count === 0 || allHaveAlt ? 'textual' : 'textual,visual';
  const features = ['structuralNavigation', 'tableOfContents', 'readingOrder', 'displayTransformability'];
  if (count > 0 && allHaveAlt) features.push('alternativeText');
  const summary = [
    'All content is text with a logical reading order, headings in sequence and a navigable table of contents.',
    'Footnotes and references are linked to their calls and back; table header cells are marked;',
    'the language of every article and of foreign phrases is declared. Text can be resized and restyled.',
    count > 0
      ? allHaveAlt
        ? 'Images have text alternatives.'
        : 'Some images have no text alternative.'
      : 'The content has no images.',
  ].join(' ');
  const certifier = input.issue.journal.publisher ?? input.issue.journal.title;
  return [
    ...modes.map((m) => `<meta property="schema:accessMode">${m}</meta>`),
    `<meta property="schema:accessModeSufficient">${sufficient}</meta>`,
    ...features.map((f) => `<meta property="schema:accessibilityFeature">${f}</meta>`),
    '<meta property="schema:accessibilityHazard">none</meta>',
    // The summary is written in English whatever the book's language: say so.
    `<meta property="schema:accessibilitySummary" xml:lang="en">${escapeXml(summary)}</meta>`,
    '<meta property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>',
    // Self-declared conformance: the certifier is the publisher (or the journal when none is known).
    `<meta property="a11y:certifiedBy">${escapeXml(certifier)}</meta>`,
  ];
}

export function packageDocument(input: PackageInput): string {
  const { issue } = input;
  const langs = bookLanguages(issue);
  const meta: string[] = [
    `<dc:identifier id="${PUB_ID}">${escapeXml(issue.identifier)}</dc:identifier>`,
    `<dc:title id="title">${escapeXml(bookTitle(issue))}</dc:title>`,
    '<meta refines="#title" property="title-type">main</meta>',
    ...bookCreators(issue).flatMap((name, i) => [
      `<dc:creator id="creator-${i + 1}">${escapeXml(name)}</dc:creator>`,
      `<meta refines="#creator-${i + 1}" property="role" scheme="marc:relators">aut</meta>`,
    ]),
    ...langs.map((l) => `<dc:language>${l}</dc:language>`),
  ];
  if (issue.journal.publisher) meta.push(`<dc:publisher>${escapeXml(issue.journal.publisher)}</dc:publisher>`);
  meta.push(
    `<dc:date>${escapeXml(issue.date)}</dc:date>`,
    `<dc:description>${escapeXml(bookDescription(issue))}</dc:description>`,
    `<meta property="dcterms:modified">${formatModified(input.modified)}</meta>`,
    // The journal is the series this issue belongs to; its ISSNs identify the series, not the issue.
    `<meta property="belongs-to-collection" id="journal">${escapeXml(issue.journal.title)}</meta>`,
    '<meta refines="#journal" property="collection-type">series</meta>',
  );
  for (const issn of [issue.journal.issn, issue.journal.eissn]) {
    if (issn) meta.push(`<meta refines="#journal" property="dcterms:identifier">urn:issn:${escapeXml(issn)}</meta>`);
  }
  meta.push(
    ...accessibilityMetadata(input),
    `<meta name="cover" content="${input.coverId}"/>`,
    // Apple Books ignores embedded fonts unless told otherwise.
    '<meta property="ibooks:specified-fonts">true</meta>',
  );

  const manifest = input.manifest.map((item) => {
    const props = item.properties ? ` properties="${item.properties}"` : '';
    return `<item id="${item.id}" href="${escapeXml(item.href)}" media-type="${item.mediaType}"${props}/>`;
  });
  const spine = input.spine.map((id) => `<itemref idref="${id}"/>`);

  const indent = (lines: string[]): string => lines.map((l) => `    ${l}`).join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="${PUB_ID}" xml:lang="${langs[0]}"`,
    '         prefix="ibooks: http://vocabulary.itunes.apple.com/rdf/ibooks/vocabulary-extensions-1.0/">',
    '  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">',
    indent(meta),
    '  </metadata>',
    '  <manifest>',
    indent(manifest),
    '  </manifest>',
    `  <spine toc="${input.ncxId}">`,
    indent(spine),
    '  </spine>',
    '</package>',
    '',
  ].join('\n');
}
