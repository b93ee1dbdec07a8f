import type { BookMeta } from '../book/model.js';
import type { PDFPage } from 'pdf-lib';
import type { PageGeometry } from './geometry.js';
import { version } from '../version.js';

/** What the finished PDF needs from the book and the config. */
export interface FinishOptions {
  meta: BookMeta;
  modified: Date;
  geometry: PageGeometry;
}

/**
 * Finishes Chromium's PDF: exact page boxes (Chromium rounds page sizes to its pixel grid: A5
 * comes out 420 × 594.96 pt instead of 419.53 × 595.28) — the sheet as MediaBox, the trim as
 * TrimBox, trim plus bleed as BleedBox — crop marks when asked, the book's metadata, and Colophon
 * as creator and producer. Outline, links and tags are kept.
 */
export async function finishPdf(pdf: Uint8Array, options: FinishOptions): Promise<{ bytes: Uint8Array; pages: number }> {
  const { meta, modified } = options;
  const { PDFDocument } = await import('pdf-lib');
  // updateMetadata: false keeps pdf-lib from stamping its own producer and dates.
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const g = options.geometry;
  const sheetWidth = g.trimWidth + 2 * g.offset;
  const sheetHeight = g.trimHeight + 2 * g.offset;
  for (const page of doc.getPages()) {
    const box = page.getMediaBox();
    // Keep the top edge where Chromium put it: content hangs from the top of the page.
    const y = box.y + box.height - sheetHeight;
    page.setMediaBox(box.x, y, sheetWidth, sheetHeight);
    page.setCropBox(box.x, y, sheetWidth, sheetHeight);
    page.setBleedBox(box.x + g.offset - g.bleed, y + g.offset - g.bleed, g.trimWidth + 2 * g.bleed, g.trimHeight + 2 * g.bleed);
    page.setTrimBox(box.x + g.offset, y + g.offset, g.trimWidth, g.trimHeight);
    if (g.cropMarks) drawCropMarks(page, box.x + g.offset, y + g.offset, g);
  }
  doc.setTitle(meta.subtitle ? `${meta.title}: ${meta.subtitle}` : meta.title, { showInWindowTitleBar: true });
  if (meta.authors.length > 0) doc.setAuthor(meta.authors.join(', '));
  doc.setSubject(meta.subjects.length > 0 ? meta.subjects.join('; ') : meta.description);
  const keywords = [...meta.keywords, ...meta.subjects];
  if (keywords.length > 0) doc.setKeywords(keywords);
  doc.setCreator(`Colophon ${version}`);
  doc.setProducer(`Colophon ${version}`);
  doc.setLanguage(meta.lang);
  doc.setCreationDate(modified);
  doc.setModificationDate(modified);
  return { bytes: await doc.save(), pages: doc.getPageCount() };
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
