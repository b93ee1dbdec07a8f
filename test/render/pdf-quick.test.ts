import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { quickDocument } from '../../src/render/pdf-quick.js';
import { namedDestinations } from '../../src/render/print-plan.js';

/** A PDF with named destinations, saved as Chromium writes (one cross-reference table) or with object streams. */
async function sample(objectStreams: boolean): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const pages = [doc.addPage([432, 648]), doc.addPage([432, 648]), doc.addPage([432, 648])];
  const dests = doc.context.obj({});
  dests.set(PDFName.of('ch01'), doc.context.obj([pages[0]!.ref, PDFName.of('XYZ'), 0, 648, 0]));
  // Destinations may be indirect objects, as Chromium writes them.
  dests.set(PDFName.of('ch02'), doc.context.register(doc.context.obj([pages[2]!.ref, PDFName.of('XYZ'), 0, 600, 0])));
  doc.catalog.set(PDFName.of('Dests'), doc.context.register(dests));
  doc.setTitle('Quick');
  pages[1]!.node.set(PDFName.of('Test'), PDFString.of('stream follows'));
  pages[1]!.drawText('Some text in a content stream');
  return doc.save({ useObjectStreams: objectStreams });
}

describe('quickDocument', () => {
  it('reads pages and destinations of a classic-xref PDF as pdf-lib does, object by object', async () => {
    const bytes = await sample(false);
    const quick = quickDocument(bytes)!;
    const full = await PDFDocument.load(bytes);
    expect(quick.getPageCount()).toBe(3);
    expect(quick.getPage(1).getMediaBox()).toEqual(full.getPage(1).getMediaBox());
    expect([...namedDestinations(quick)]).toEqual([
      ['ch01', 0],
      ['ch02', 2],
    ]);
    expect([...namedDestinations(quick)]).toEqual([...namedDestinations(full)]);
  });

  it('declines files it cannot read piecemeal: object streams, no trailer, not a PDF', async () => {
    expect(quickDocument(await sample(true))).toBeUndefined();
    expect(quickDocument(new TextEncoder().encode('%PDF-1.4\nnot really\n%%EOF\n'))).toBeUndefined();
    expect(quickDocument(new Uint8Array(0))).toBeUndefined();
  });

  it('throws, rather than misreads, when the table points at the wrong object', async () => {
    const bytes = Buffer.from(await sample(false));
    // Swap two objects' offsets in the table.
    const text = bytes.toString('latin1');
    const xref = text.lastIndexOf('\nxref');
    const entries = [...text.slice(xref).matchAll(/(\d{10}) 00000 n/g)];
    const [a, b] = [entries[1]!, entries[2]!];
    const patched = text.slice(0, xref) + text.slice(xref).replace(a[0], 'A').replace(b[0], a[0]).replace('A', b[0]);
    expect(() => quickDocument(Buffer.from(patched, 'latin1'))?.getPages()).toThrow(/cross-reference/);
  });
});
