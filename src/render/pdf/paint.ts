/**
 * The PDF painter: walks the positioned pages and writes them with pdfkit. It decides
 * nothing about where things go; it only draws text at the baselines layout chose, adds
 * links, destinations, the outline, metadata and the tagged structure.
 */
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { imageBlocks } from '../../document/images.js';
import type { ImageData, Issue } from '../../document/model.js';
import type { FontBook } from '../../layout/fonts.js';
import type { Face, FacePaths, LayoutResult, MathItem, PositionedPage, StructNode } from '../../layout/types.js';
import { textOperators, useShapedRuns, type PdfkitFont } from './glyph-runs.js';
import { pdfkitFontSource } from './font-files.js';

export interface PaintOptions {
  /** The faces layout measured with: their files, and the runs it shaped. */
  fonts: FontBook;
  /** Fixed creation date for reproducible bytes (SOURCE_DATE_EPOCH). */
  date: Date;
}

type PdfDoc = PDFKit.PDFDocument & {
  _font: PdfkitFont;
  page: PDFKit.PDFPage & { fonts: Record<string, unknown> };
  addContent(data: string): PdfDoc;
  struct(role: string, options?: Record<string, unknown>): StructElement;
  addStructure(el: StructElement): PdfDoc;
  markStructureContent(role: string, options?: Record<string, unknown>): unknown;
  markContent(tag: string, options?: Record<string, unknown>): PdfDoc;
  endMarkedContent(): PdfDoc;
  addNamedDestination(name: string, ...args: unknown[]): void;
  goTo(x: number, y: number, w: number, h: number, name: string, options?: Record<string, unknown>): PdfDoc;
  outline: OutlineItem;
};
interface StructElement {
  add(child: unknown): StructElement;
  end(): void;
}
interface OutlineItem {
  addItem(title: string, options?: Record<string, unknown>): OutlineItem;
}

export async function paintPdf(issue: Issue, layout: LayoutResult, opt: PaintOptions): Promise<Buffer> {
  const first = layout.pages[0];
  const authors = [...new Set(issue.articles.flatMap((a) => a.authors.map((x) => x.name)))];
  const doc = new PDFDocument({
    autoFirstPage: false,
    size: [first.width, first.height],
    margin: 0,
    tagged: true,
    lang: issue.langs[0],
    displayTitle: true,
    pdfVersion: '1.7',
    compress: true,
    info: {
      Title: `${issue.journal.title}, ${issue.labels.volume} ${issue.volume}, ${issue.labels.number} ${issue.number} (${issue.year})`,
      Author: authors.join('; '),
      Subject: issue.articles.map((a) => a.titleText).join('; '),
      Keywords: [...new Set(issue.articles.flatMap((a) => a.keywords))].join(', ') || issue.articles.map((a) => a.shortTitle).join(', '),
      Creator: 'Baspa',
      Producer: 'Baspa (pdfkit)',
      CreationDate: opt.date,
      ModDate: opt.date,
    },
  } as PDFKit.PDFDocumentOptions) as PdfDoc;
  for (const [face, file] of Object.entries(opt.fonts.paths) as [Face, string | undefined][]) if (file) doc.registerFont(face, pdfkitFontSource(file));

  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });

  const structs = new StructTree(doc, layout.structure);
  const dests = new Map<string, { page: number; y: number }>();
  const images = new ImageSource(doc, issue, opt.fonts.paths);
  for (const page of layout.pages) paintPage(doc, page, structs, dests, opt.fonts, images);
  addOutline(doc, layout, dests);
  structs.end();
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

/** Creates structure elements on first use, parents before children, in reading order. */
class StructTree {
  private readonly elements = new Map<number, StructElement>();
  constructor(
    private readonly doc: PdfDoc,
    private readonly nodes: StructNode[],
  ) {}

  get(id: number): StructElement {
    let el = this.elements.get(id);
    if (el) return el;
    const node = this.nodes[id];
    const options: Record<string, unknown> = {};
    if (node.lang) options.lang = node.lang;
    if (node.alt) options.alt = node.alt;
    if (node.title) options.title = node.title;
    el = this.doc.struct(node.role, options);
    this.elements.set(id, el);
    if (node.parent === null) this.doc.addStructure(el);
    else this.get(node.parent).add(el);
    return el;
  }

  role(id: number): string {
    return this.nodes[id].role;
  }

  end(): void {
    for (const [id, el] of this.elements) if (this.nodes[id].parent === null) el.end();
  }
}

/**
 * The figures' bytes as resolve left them (read, checked, downsampled), by file: each
 * bitmap embedded once however often it is drawn, each SVG drawn as vector paths.
 */
class ImageSource {
  private readonly data = new Map<string, ImageData>();
  private readonly opened = new Map<string, unknown>();
  private readonly svgFonts = new Set<string>();
  constructor(
    private readonly doc: PdfDoc,
    issue: Issue,
    private readonly fontPaths: FacePaths,
  ) {
    for (const b of imageBlocks(issue)) if (b.data && !this.data.has(b.path)) this.data.set(b.path, b.data);
  }

  draw(path: string, x: number, y: number, width: number, height: number): void {
    const d = this.data.get(path);
    if (d?.format === 'svg') {
      // Text in a drawing is set in the template's faces, registered apart from the body's
      // (whose glyph runs layout shaped), so every font in the PDF is embedded.
      const fontCallback = (_family: string, bold: boolean, italic: boolean): string => {
        const face: Exclude<Face, 'fallback'> = bold ? (italic ? 'boldItalic' : 'bold') : italic ? 'italic' : 'regular';
        const name = `svg-${face}`;
        if (!this.svgFonts.has(name)) {
          this.doc.registerFont(name, this.fontPaths[face]);
          this.svgFonts.add(name);
        }
        return name;
      };
      SVGtoPDF(this.doc, new TextDecoder().decode(d.bytes), x, y, { width, height, preserveAspectRatio: 'xMidYMid meet', fontCallback });
      return;
    }
    let img = this.opened.get(path);
    if (img === undefined) {
      img = d ? (this.doc as unknown as { openImage(src: Buffer): unknown }).openImage(Buffer.from(d.bytes.buffer, d.bytes.byteOffset, d.bytes.byteLength)) : path;
      this.opened.set(path, img);
    }
    this.doc.image(img as string, x, y, { width, height });
  }
}

function paintPage(doc: PdfDoc, page: PositionedPage, structs: StructTree, dests: Map<string, { page: number; y: number }>, fonts: FontBook, images: ImageSource): void {
  doc.addPage({ size: [page.width, page.height], margin: 0 });
  let open: number | 'artifact' | null = null;
  // Highlighted code is coloured; everything else is black, the page's default fill.
  let fill: string | undefined;
  const close = () => {
    if (open !== null) doc.endMarkedContent();
    open = null;
  };
  for (const item of page.items) {
    switch (item.kind) {
      case 'text': {
        const want = item.artifact ? 'artifact' : item.struct;
        if (open !== want) {
          close();
          if (want === 'artifact') doc.markContent('Artifact', { type: 'Pagination' });
          else structs.get(want).add(doc.markStructureContent(structs.role(want)));
          open = want;
        }
        if (item.color !== fill) {
          doc.fillColor(item.color ?? '#000000');
          fill = item.color;
        }
        doc.font(item.face);
        const font = doc._font;
        useShapedRuns(font, item.face, fonts);
        doc.page.fonts[font.id] ??= font.ref();
        const ops = textOperators(font, item.size, item.x, item.y, item.text, item.features, item.scale);
        // A formula's copy text: render mode 3 (neither filled nor stroked), restored by Q.
        doc.addContent(item.invisible ? `q 3 Tr\n${ops}\nQ` : item.silent ? `/Span <</ActualText ()>> BDC\n${ops}\nEMC` : ops);
        break;
      }
      case 'math':
        if (open !== item.struct) {
          close();
          structs.get(item.struct).add(doc.markStructureContent(structs.role(item.struct)));
          open = item.struct;
        }
        paintMath(doc, item);
        break;
      case 'rule':
        close();
        doc.markContent('Artifact', { type: 'Layout' });
        doc.save().lineWidth(item.thickness).moveTo(item.x1, item.y1).lineTo(item.x2, item.y2).stroke().restore();
        doc.endMarkedContent();
        break;
      case 'image':
        close();
        structs.get(item.struct).add(doc.markStructureContent('Figure'));
        images.draw(item.path, item.x, item.y, item.width, item.height);
        doc.endMarkedContent();
        break;
      case 'anchor':
        if (!dests.has(item.name)) {
          dests.set(item.name, { page: page.index, y: item.y });
          doc.addNamedDestination(item.name, 'XYZ', item.x, item.y, null);
        }
        break;
      case 'link':
        if (item.url) doc.link(item.x, item.y, item.width, item.height, item.url);
        else if (item.dest) doc.goTo(item.x, item.y, item.width, item.height, item.dest);
        break;
    }
  }
  close();
}

/** A formula's shapes as vector paths: page ← (x, y) · size · the shape's own matrix. */
function paintMath(doc: PdfDoc, item: MathItem): void {
  const k = item.size;
  for (const s of item.math.shapes) {
    if (s.kind === 'text') continue; // laid out as text items beside this one
    const [a, b, c, d, e, f] = s.m;
    doc.save();
    doc.transform(a * k, b * k, c * k, d * k, item.x + e * k, item.y + f * k);
    const colour = s.color ?? 'black';
    if (s.kind === 'path') doc.path(s.d).fill(colour);
    else if (s.kind === 'rect') doc.rect(s.x, s.y, s.w, s.h).fill(colour);
    else doc.lineWidth(s.width).moveTo(s.x1, s.y1).lineTo(s.x2, s.y2).stroke(colour);
    doc.restore();
  }
}

function addOutline(doc: PdfDoc, layout: Pick<LayoutResult, 'outline'>, dests: Map<string, { page: number; y: number }>): void {
  const add = (parent: OutlineItem, entries: LayoutResult['outline']) => {
    for (const e of entries) {
      const d = dests.get(e.dest);
      if (!d) continue;
      const item = parent.addItem(e.title, { pageNumber: d.page, expanded: true, top: Math.max(0, d.y - 12) });
      add(item, e.children);
    }
  };
  add(doc.outline, layout.outline);
}
