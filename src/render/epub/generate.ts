/**
 * Packaging with epub-gen-memory, with its defaults overridden where they fall short.
 *
 * The library renders its OPF, nav, NCX and chapter templates with EJS. Its defaults write
 * an empty dc:description, a random UUID and the wall-clock time, no accessibility
 * metadata, and run every chapter through an HTML filter that drops attributes such as
 * `scope` and turns non-ASCII text into character references. So each template is replaced
 * by a pass-through (`<%- … %>`) of a document rendered and escaped in TypeScript, and each
 * chapter's XHTML travels in an extra field the library hands to the chapter template
 * untouched (its `content` stays empty, so the filter has nothing to change).
 *
 * What the library still does: lays out OEBPS/ and META-INF/container.xml, writes the
 * stylesheet and stores the cover. Its files are taken from its in-memory zip as they are
 * (never packed and read back) and written deterministically by zip.ts. Fonts and images
 * are added by index.ts: the library would only copy them.
 */
import { EPub, type Chapter, type Options } from 'epub-gen-memory';

export interface GenerateInput {
  title: string;
  css: string;
  /** The rendered package, nav and NCX documents. */
  opf: string;
  nav: string;
  ncx: string;
  /** Content documents in spine order; `filename` relative to OEBPS/ (see paths.ts for the fixed names). */
  documents: { filename: string; title: string; xhtml: string }[];
  /** Stored by the library as OEBPS/cover.<extension of filename>. */
  cover: { filename: string; mediaType: string; data: Uint8Array };
  /** A fixed date for the library's own (unused) date option, so it never reads the clock. */
  date: Date;
}

/** The data the pass-through templates read, beside the library's own options. */
interface PassThroughOptions {
  baspaOpf: string;
  baspaNav: string;
  baspaNcx: string;
}
interface PassThroughChapter {
  baspaXhtml: string;
}

/** The library's zip is protected: read its entries where they are, without packing it. */
class UnpackedEPub extends EPub {
  async files(): Promise<Map<string, Uint8Array>> {
    const files = new Map<string, Uint8Array>();
    for (const file of Object.values(this.zip.files)) {
      if (!file.dir) files.set(file.name, await file.async('uint8array'));
    }
    return files;
  }
}

/** Runs epub-gen-memory and returns the files it wrote, by path in the zip. */
export async function generateWithLibrary(input: GenerateInput): Promise<Map<string, Uint8Array>> {
  const options: Options & PassThroughOptions = {
    title: input.title,
    date: input.date.toISOString(),
    css: input.css,
    version: 3,
    verbose: false,
    contentOPF: '<%- baspaOpf %>',
    tocXHTML: '<%- baspaNav %>',
    tocNCX: '<%- baspaNcx %>',
    chapterXHTML: '<%- baspaXhtml %>',
    baspaOpf: input.opf,
    baspaNav: input.nav,
    baspaNcx: input.ncx,
    // A copy: File wants an ArrayBuffer-backed view.
    cover: new File([new Uint8Array(input.cover.data)], input.cover.filename, { type: input.cover.mediaType }),
  };
  const chapters: (Chapter & PassThroughChapter)[] = input.documents.map((d) => ({
    title: d.title,
    filename: d.filename,
    content: '',
    baspaXhtml: d.xhtml,
  }));
  const epub = new UnpackedEPub(options, chapters);
  await epub.render();
  return epub.files();
}
