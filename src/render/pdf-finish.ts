import type { BookMeta } from '../book/model.js';
import type { ResolvedConfig } from '../config/load.js';
import { version } from '../version.js';

const POINTS_PER_UNIT: Record<string, number> = { in: 72, mm: 72 / 25.4, cm: 720 / 25.4, pt: 1, pc: 12, px: 0.75 };

/** A CSS length (`6in`, `148mm`) in PDF points. */
export function toPoints(length: string): number {
  const m = /^(\d+(?:\.\d+)?)([a-z]+)$/.exec(length);
  const factor = m ? POINTS_PER_UNIT[m[2]!] : undefined;
  if (!m || factor === undefined) throw new Error(`not a length: ${length}`);
  return Number(m[1]) * factor;
}

/** What the finished PDF needs from the book and the config. */
export interface FinishOptions {
  meta: BookMeta;
  modified: Date;
  trim: ResolvedConfig['trim'];
}

/**
 * Finishes Chromium's PDF: the exact trim size as MediaBox and TrimBox (Chromium rounds page sizes
 * to its pixel grid: A5 comes out 420 × 594.96 pt instead of 419.53 × 595.28), the book's metadata,
 * and Colophon as creator and producer. Outline, links and tags are kept.
 */
export async function finishPdf(pdf: Uint8Array, options: FinishOptions): Promise<{ bytes: Uint8Array; pages: number }> {
  const { meta, modified } = options;
  const { PDFDocument } = await import('pdf-lib');
  // updateMetadata: false keeps pdf-lib from stamping its own producer and dates.
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const width = toPoints(options.trim.width);
  const height = toPoints(options.trim.height);
  for (const page of doc.getPages()) {
    const box = page.getMediaBox();
    // Keep the top edge where Chromium put it: content hangs from the top of the page.
    const y = box.y + box.height - height;
    page.setMediaBox(box.x, y, width, height);
    page.setTrimBox(box.x, y, width, height);
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
