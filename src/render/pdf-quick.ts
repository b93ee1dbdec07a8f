import { PDFContext, PDFDict, PDFDocument, PDFName, PDFObjectParser, PDFRef, type PDFObject } from 'pdf-lib';

const latin1 = (bytes: Uint8Array, from: number, to: number) => Buffer.from(bytes.buffer, bytes.byteOffset + from, Math.max(0, Math.min(to, bytes.length) - from)).toString('latin1');

/**
 * The objects of a PDF, each parsed when first looked up, from the offsets of its cross-reference
 * table. pdf-lib's context looks objects up through this map only.
 */
class LazyObjects extends Map<PDFRef, PDFObject> {
  context: PDFContext | undefined;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly offsets: Map<number, number>,
  ) {
    super();
  }

  override get(ref: PDFRef): PDFObject | undefined {
    const known = super.get(ref);
    if (known !== undefined || !this.context) return known;
    const at = this.offsets.get(ref.objectNumber);
    if (at === undefined) return undefined;
    const header = /^\s*(\d+)\s+(\d+)\s+obj\b/.exec(latin1(this.bytes, at, at + 48));
    if (!header || Number(header[1]) !== ref.objectNumber) throw new Error(`object ${ref.objectNumber} is not where the cross-reference table says`);
    const object = PDFObjectParser.forBytes(this.bytes.subarray(at + header[0].length), this.context).parseObject();
    super.set(ref, object);
    return object;
  }
}

/**
 * Opens Chromium's PDF for reading only, parsing just the objects that are looked up (the page
 * tree, named destinations, a few pages' links): a few milliseconds where loading the whole file
 * with pdf-lib takes most of a second for a 750-page book. Enough to plan the pages, so the
 * overlay can be printed while the whole file is still being loaded. Undefined for a file that is
 * not laid out as Chromium writes it (one classic cross-reference table, no object streams): the
 * caller then loads it whole. The document must not be modified or saved.
 */
export function quickDocument(bytes: Uint8Array): PDFDocument | undefined {
  const tail = latin1(bytes, Math.max(0, bytes.length - 64), bytes.length);
  const start = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!start) return undefined;
  const xref = Number(start[1]);
  if (latin1(bytes, xref, xref + 4) !== 'xref') return undefined;
  const trailerAt = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).indexOf('trailer', xref, 'latin1');
  if (trailerAt < 0) return undefined;
  const offsets = new Map<number, number>();
  const lines = latin1(bytes, xref + 4, trailerAt).split(/\r\n|\r|\n/);
  let number = 0;
  for (const line of lines) {
    const entry = /^(\d{10}) (\d{5}) ([nf])/.exec(line);
    if (entry) {
      if (entry[3] === 'n') offsets.set(number, Number(entry[1]));
      number++;
      continue;
    }
    const section = /^(\d+) (\d+)\s*$/.exec(line);
    if (section) number = Number(section[1]);
    else if (line.trim() !== '') return undefined;
  }
  const objects = new LazyObjects(bytes, offsets);
  const context = PDFContext.create();
  (context as unknown as { indirectObjects: Map<PDFRef, PDFObject> }).indirectObjects = objects;
  objects.context = context;
  const trailer = PDFObjectParser.forBytes(bytes.subarray(trailerAt + 'trailer'.length), context).parseObject();
  if (!(trailer instanceof PDFDict)) return undefined;
  const root = trailer.get(PDFName.of('Root'));
  if (!(root instanceof PDFRef) || trailer.get(PDFName.of('Encrypt')) !== undefined) return undefined;
  context.trailerInfo = { Root: root };
  // pdf-lib builds documents only from its own parser (a private constructor); the context above is one.
  const Document = PDFDocument as unknown as new (context: PDFContext, ignoreEncryption: boolean, updateMetadata: boolean) => PDFDocument;
  return new Document(context, false, false);
}
