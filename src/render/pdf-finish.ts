import { createRequire } from 'node:module';
import { deflateSync, inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFObjectCopier, type PDFObject, PDFOperator, PDFRawStream, PDFRef, PDFString, popGraphicsState, pushGraphicsState, type PDFPage } from 'pdf-lib';
import type { BookMeta, Heading } from '../book/model.js';
import { directionOf } from './epub-documents.js';
import { textBlock, type PageGeometry } from './geometry.js';
import type { PagePlan } from './print-plan.js';
import { version } from '../version.js';
import { xmpPacket } from './xmp.js';

/**
 * pdf-lib compresses what it writes (object streams, new content streams) with pako's `deflate`,
 * a JavaScript deflate that took half of saving a 750-page book. Pointed at Node's native zlib (the
 * same zlib format): 610–870 ms → 360 ms here. This is the pako pdf-lib itself resolves; nothing
 * else in Colophon deflates through pako's `deflate`.
 */
const pako = createRequire(createRequire(import.meta.url).resolve('pdf-lib'))('pako') as { deflate: (data: Uint8Array) => Uint8Array };
pako.deflate = (data) => deflateSync(data);

/** What the finished PDF needs from the book and the config. */
export interface FinishOptions {
  meta: BookMeta;
  modified: Date;
  geometry: PageGeometry;
  /** The book's headings in reading order: bookmarks made from a heading that cites a note get its text without the note's number. */
  headings?: readonly OutlineHeading[];
}

/**
 * Finishes Chromium's PDF into the edition the plan describes: blank pages inserted, each page's
 * heads, folio and contents numbers laid over it from the overlay print (marked as artifacts, so
 * the tag structure stays the book's), each page moved sideways so its wider margin is on the
 * inside, exact page boxes (Chromium rounds page sizes to its pixel grid: A5 comes out 420 × 594.96
 * pt instead of 419.53 × 595.28) — the sheet as MediaBox, the trim as TrimBox, trim plus bleed as
 * BleedBox — crop marks when asked, page labels (roman, then arabic from the first body page), the
 * book's metadata, and Colophon as creator and producer. Outline, links and tags are kept (the
 * outline's titles without note numbers).
 */
export async function finishPdf(doc: PDFDocument, overlay: Uint8Array | undefined, plan: PagePlan, options: FinishOptions): Promise<{ bytes: Uint8Array; pages: number }> {
  const { meta, modified } = options;
  const g = options.geometry;
  const block = textBlock(g);
  const printed = doc.getPage(0).getMediaBox();
  // Without an overlay, heads and folios are Chromium's own and so are the mirrored margins.
  const overlayForms = overlay ? overlayXObjects(doc, await PDFDocument.load(overlay, { updateMetadata: false, parseSpeed: 5000 })) : [];
  // A left-bound book has its inside margin on the left of rectos; a right-to-left one on the right.
  const bindingLeft = directionOf(meta.lang) === 'ltr';
  plan.pages.forEach((planned, i) => {
    const page = planned.source === undefined ? doc.insertPage(i, [printed.width, printed.height]) : doc.getPage(i);
    const box = page.getMediaBox();
    const form = overlayForms[i];
    if (form && planned.source !== undefined && (planned.head !== undefined || planned.folio !== undefined || planned.tocNumbers.length > 0)) {
      // Top edges aligned (both prints hang from the top of the page), marked as an artifact.
      const name = page.node.newXObject('Overlay', form.ref);
      page.pushOperators(
        pushGraphicsState(),
        PDFOperator.of('BMC' as never, [PDFName.of('Artifact')]),
        PDFOperator.of('cm' as never, [1, 0, 0, 1, box.x, box.y + box.height - form.height].map((n) => doc.context.obj(n))),
        PDFOperator.of('Do' as never, [name]),
        PDFOperator.of('EMC' as never),
        popGraphicsState(),
      );
    }
    // Keep the top edge where Chromium put it: content hangs from the top of the page.
    const shift = overlay === undefined ? 0 : planned.recto === bindingLeft ? -block.shift : block.shift;
    const x = box.x + shift;
    const y = box.y + box.height - block.sheetHeight;
    page.setMediaBox(x, y, block.sheetWidth, block.sheetHeight);
    page.setCropBox(x, y, block.sheetWidth, block.sheetHeight);
    page.setBleedBox(x + g.offset - g.bleed, y + g.offset - g.bleed, g.trimWidth + 2 * g.bleed, g.trimHeight + 2 * g.bleed);
    page.setTrimBox(x + g.offset, y + g.offset, g.trimWidth, g.trimHeight);
    if (g.cropMarks) drawCropMarks(page, x + g.offset, y + g.offset, g);
  });
  if (options.headings) cleanOutline(doc, options.headings);
  const labels: unknown[] = plan.bodyStart > 0 ? [0, { S: 'r' }, plan.bodyStart, { S: 'D' }] : [0, { S: 'D' }];
  doc.catalog.set(PDFName.of('PageLabels'), doc.context.obj({ Nums: labels as never }));
  const title = meta.subtitle ? `${meta.title}: ${meta.subtitle}` : meta.title;
  const subject = meta.subjects.length > 0 ? meta.subjects.join('; ') : meta.description;
  const keywords = [...meta.keywords, ...meta.subjects];
  const tool = `Colophon ${version}`;
  doc.setTitle(title, { showInWindowTitleBar: true });
  if (meta.authors.length > 0) doc.setAuthor(meta.authors.join(', '));
  doc.setSubject(subject);
  if (keywords.length > 0) doc.setKeywords(keywords);
  doc.setCreator(tool);
  doc.setProducer(tool);
  // The same, and more, as XMP (uncompressed, as tools that scan for the packet expect).
  const xmp = doc.context.stream(new TextEncoder().encode(xmpPacket(meta, { title, subject, keywords, modified, tool })), { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(xmp));
  doc.setLanguage(meta.lang);
  doc.setCreationDate(modified);
  doc.setModificationDate(modified);
  return { bytes: await doc.save({ objectsPerTick: 5000 }), pages: doc.getPageCount() };
}

/** A heading a bookmark is made from, and the level of its bookmark (1: top). */
export interface OutlineHeading extends Heading {
  level: number;
  /** The title of the part (SUMMARY.md) this heading opens: a bookmark of its own, a level up, goes to the same place. */
  part?: string;
}

/** A title as compared: without soft hyphens and without any white space (Chromium drops the space where a heading's line wraps). */
const comparable = (text: string) => text.replace(/[\u00ad\s]/g, '');

/**
 * Chromium makes the PDF's bookmarks from the headings' printed text and levels: a heading that
 * cites a note ("Origins¹") gives the bookmark "Origins1", one that wraps loses the space at each
 * line's end ("Overthe Lazy Dog"), a very long one is cut, and a sub-chapter's level-1 heading is a
 * top-level bookmark. Each bookmark gets its heading's own text, and the outline is nested again
 * by the headings' levels (a bookmark of Colophon's own, such as the contents, stays at the top).
 * The outline follows the headings' order, so bookmarks are matched to headings in that order: a
 * heading that really reads "Origins1" elsewhere keeps its bookmark.
 */
export function cleanOutline(doc: PDFDocument, headings: readonly OutlineHeading[]): void {
  const printed = headings.map((h) => comparable(h.noted ?? h.text));
  let next = 0;
  /** The heading a bookmark was made from: the next one in order that printed its text (or began with it, when cut). */
  const headingOf = (title: string): OutlineHeading | undefined => {
    const key = comparable(title);
    if (key === '') return undefined;
    // Right-to-left text comes back with its words in visual order ("1 פרק" for "פרק 1").
    const reversed = comparable(title.split(/\s+/).reverse().join(' '));
    for (let i = next; i < headings.length; i++) {
      if (printed[i] === key || printed[i] === reversed || (key.length >= 200 && printed[i]!.startsWith(key))) {
        next = i + 1;
        return headings[i];
      }
    }
    return undefined;
  };
  const items = outlineItems(doc).flatMap((item): OutlineItem[] => {
    const title = item.dict.lookup(PDFName.of('Title'));
    const heading = title instanceof PDFString || title instanceof PDFHexString ? headingOf(title.decodeText()) : undefined;
    if (heading !== undefined && heading.text !== (title as PDFString | PDFHexString).decodeText()) item.dict.set(PDFName.of('Title'), PDFHexString.fromText(heading.text));
    const own = { ...item, level: heading?.level ?? 1 };
    if (heading?.part === undefined) return [own];
    // The part's bookmark: where its first heading is, one level above it.
    const part = doc.context.obj({ Title: PDFHexString.fromText(heading.part) }) as PDFDict;
    for (const key of ['Dest', 'A']) {
      const target = item.dict.get(PDFName.of(key));
      if (target !== undefined) part.set(PDFName.of(key), target);
    }
    return [{ ref: doc.context.register(part), dict: part, level: Math.max(1, own.level - 1) }, own];
  });
  nestOutline(doc, items);
}

/** A bookmark of a PDF: its object, and its depth in the outline (1: top). */
export interface OutlineItem {
  ref: PDFRef;
  dict: PDFDict;
  level: number;
}

/** Every bookmark of a PDF in reading order (each, then what is under it), with its depth. */
export function outlineItems(doc: PDFDocument): OutlineItem[] {
  const outlines = doc.catalog.lookup(PDFName.of('Outlines'));
  if (!(outlines instanceof PDFDict)) return [];
  const items: OutlineItem[] = [];
  const seen = new Set<PDFDict>();
  const walk = (first: PDFObject | undefined, level: number) => {
    for (let at = first; at instanceof PDFRef; ) {
      const item = doc.context.lookup(at);
      if (!(item instanceof PDFDict) || seen.has(item)) return;
      seen.add(item);
      items.push({ ref: at, dict: item, level });
      walk(item.get(PDFName.of('First')), level + 1);
      at = item.get(PDFName.of('Next'));
    }
  };
  walk(outlines.get(PDFName.of('First')), 1);
  return items;
}

/** Links bookmarks into an outline again, in their order: each under the last one of a lower level before it. */
export function nestOutline(doc: PDFDocument, items: readonly OutlineItem[]): void {
  const rootRef = doc.catalog.get(PDFName.of('Outlines'));
  const outlines = doc.catalog.lookup(PDFName.of('Outlines'));
  if (items.length === 0 || !(rootRef instanceof PDFRef) || !(outlines instanceof PDFDict)) return;
  type Node = { ref: PDFRef; dict: PDFDict; children: Node[] };
  const root: Node = { ref: rootRef, dict: outlines, children: [] };
  const stack: Array<{ node: Node; level: number }> = [{ node: root, level: 0 }];
  for (const item of items) {
    while (stack.length > 1 && stack[stack.length - 1]!.level >= item.level) stack.pop();
    const node: Node = { ref: item.ref, dict: item.dict, children: [] };
    stack[stack.length - 1]!.node.children.push(node);
    stack.push({ node, level: item.level });
  }
  const link = (node: Node): number => {
    for (const key of ['First', 'Last', 'Count']) node.dict.delete(PDFName.of(key));
    let count = 0;
    node.children.forEach((child, i) => {
      child.dict.set(PDFName.of('Parent'), node.ref);
      for (const key of ['Prev', 'Next']) child.dict.delete(PDFName.of(key));
      if (i > 0) child.dict.set(PDFName.of('Prev'), node.children[i - 1]!.ref);
      if (i < node.children.length - 1) child.dict.set(PDFName.of('Next'), node.children[i + 1]!.ref);
      count += 1 + link(child);
    });
    if (node.children.length > 0) {
      node.dict.set(PDFName.of('First'), node.children[0]!.ref);
      node.dict.set(PDFName.of('Last'), node.children[node.children.length - 1]!.ref);
      node.dict.set(PDFName.of('Count'), PDFNumber.of(count));
    }
    return count;
  };
  link(root);
}

/**
 * The overlay's pages as form XObjects of the book, without re-encoding anything: each page's
 * content stream is taken as Chromium compressed it, and the resources (fonts) are copied once
 * for all pages. (pdf-lib's `embedPages` inflates and deflates every page in JavaScript, and
 * copies shared fonts per page.)
 */
function overlayXObjects(doc: PDFDocument, overlay: PDFDocument): Array<{ ref: PDFRef; height: number } | undefined> {
  const copier = PDFObjectCopier.for(overlay.context, doc.context);
  const renamed = new Set<PDFDict>();
  return overlay.getPages().map((page) => {
    const contents = page.node.get(PDFName.of('Contents'));
    const stream = contents instanceof PDFRef ? overlay.context.lookup(contents) : undefined;
    if (!(stream instanceof PDFRawStream)) return undefined;
    const { x, y, width, height } = page.getMediaBox();
    const resources = page.node.getInheritableAttribute(PDFName.of('Resources'));
    const dict = doc.context.obj({ Type: 'XObject', Subtype: 'Form', FormType: 1, BBox: [x, y, x + width, y + height] }) as PDFDict;
    if (resources) {
      const copied = copier.copy(resources);
      dict.set(PDFName.of('Resources'), copied);
      renameSubsets(doc, copied, renamed);
    }
    const filter = stream.dict.get(PDFName.of('Filter'));
    if (filter) dict.set(PDFName.of('Filter'), copier.copy(filter));
    const params = stream.dict.get(PDFName.of('DecodeParms'));
    if (params) dict.set(PDFName.of('DecodeParms'), copier.copy(params));
    return { ref: doc.context.register(PDFRawStream.of(dict, stream.contents)), height };
  });
}

/**
 * Chromium names every print's font subsets AAAAAA+, BAAAAA+, …: the overlay's would carry the same
 * names as the book's own, different subsets of the same fonts, which some tools take for one font.
 * They are renamed to a tag of their own (COLxxx+).
 */
function renameSubsets(doc: PDFDocument, resources: PDFObject, done: Set<PDFDict>): void {
  const lookup = (o: PDFObject | undefined) => (o instanceof PDFRef ? doc.context.lookup(o) : o);
  const fonts = lookup(resources instanceof PDFDict ? resources.get(PDFName.of('Font')) : undefined);
  if (!(fonts instanceof PDFDict)) return;
  const rename = (dict: PDFDict, key: string) => {
    const name = dict.get(PDFName.of(key));
    if (!(name instanceof PDFName)) return;
    const m = /^([A-Z]{6})\+(.+)$/.exec(name.decodeText());
    if (m) dict.set(PDFName.of(key), PDFName.of(`COL${m[1]!.slice(0, 3)}+${m[2]}`));
  };
  for (const [, value] of fonts.entries()) {
    const font = lookup(value);
    if (!(font instanceof PDFDict) || done.has(font)) continue;
    done.add(font);
    rename(font, 'BaseFont');
    const descendants = lookup(font.get(PDFName.of('DescendantFonts')));
    const parts = descendants instanceof PDFArray ? descendants.asArray().map(lookup) : [font];
    for (const part of parts) {
      if (!(part instanceof PDFDict)) continue;
      rename(part, 'BaseFont');
      const descriptor = lookup(part.get(PDFName.of('FontDescriptor')));
      if (descriptor instanceof PDFDict) rename(descriptor, 'FontName');
    }
  }
}

/**
 * Chromium draws each soft hyphen that does not end a line as an invisible glyph wrapped in
 * `/Span << /ActualText (U+00AD) >>`: search and copy then find "hy\u00ADphen", or "hy phen" in
 * readers that ignore ActualText. The glyph draws nothing, so the span and its glyph go; a text
 * move inside it stays (later moves are relative to it).
 */
const SOFT_HYPHEN_SPAN = /\/Span\s*<<\s*\/ActualText\s*<FEFF00AD>\s*>>\s*BDC\s*((?:-?[\d.]+\s+-?[\d.]+\s+Td\s*)?)<[0-9A-Fa-f]*>\s*Tj\s*EMC\s*/g;

/**
 * Removes soft hyphens from the text of every page (before any other drawing), yielding now and
 * then so the browser's requests are still answered meanwhile.
 */
export async function stripSoftHyphens(doc: PDFDocument): Promise<void> {
  for (const [i, page] of doc.getPages().entries()) {
    stripSoftHyphenSpans(doc, page);
    if (i % 16 === 15) await new Promise((resolve) => setImmediate(resolve));
  }
}

function stripSoftHyphenSpans(doc: PDFDocument, page: PDFPage): void {
  const contents = page.node.get(PDFName.of('Contents'));
  const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
  for (const ref of refs) {
    if (!(ref instanceof PDFRef)) continue;
    const stream = doc.context.lookup(ref);
    if (!(stream instanceof PDFRawStream) || stream.dict.get(PDFName.of('Filter')) !== PDFName.of('FlateDecode')) continue;
    const text = inflateSync(stream.contents).toString('latin1');
    if (!text.includes('<FEFF00AD>')) continue;
    const dict = stream.dict.clone(doc.context);
    // A soft hyphen inside a ligature ("of\u00ADfi") stays in that glyph's ActualText: drop just the character.
    const cleaned = text.replace(SOFT_HYPHEN_SPAN, '$1').replace(/ActualText\s*<FEFF((?:[0-9A-Fa-f]{4})+)>/g, (_all, hex: string) => {
      const units = hex.match(/.{4}/g)!.filter((u) => u.toUpperCase() !== '00AD');
      return `ActualText <FEFF${units.join('')}>`;
    });
    doc.context.assign(ref, PDFRawStream.of(dict, deflateSync(Buffer.from(cleaned, 'latin1'))));
  }
}

/** Thin marks at each trim corner, starting outside the bleed, so no mark shows on the page. */
function drawCropMarks(page: PDFPage, x: number, y: number, g: PageGeometry): void {
  const start = g.bleed + g.mark.gap;
  const end = start + g.mark.length;
  const corners: Array<[number, number, number, number]> = [
    [x, y, -1, -1],
    [x + g.trimWidth, y, 1, -1],
    [x, y + g.trimHeight, -1, 1],
    [x + g.trimWidth, y + g.trimHeight, 1, 1],
  ];
  for (const [cx, cy, dx, dy] of corners) {
    page.drawLine({ start: { x: cx + dx * start, y: cy }, end: { x: cx + dx * end, y: cy }, thickness: 0.25 });
    page.drawLine({ start: { x: cx, y: cy + dy * start }, end: { x: cx, y: cy + dy * end }, thickness: 0.25 });
  }
}
