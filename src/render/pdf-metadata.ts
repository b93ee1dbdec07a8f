import type { BookMeta } from '../book/model.js';
import { version } from '../version.js';

/** Sets the PDF's document information from the book and names Colophon as creator and producer. */
export async function setPdfMetadata(pdf: Uint8Array, meta: BookMeta, modified: Date): Promise<{ bytes: Uint8Array; pages: number }> {
  const { PDFDocument } = await import('pdf-lib');
  // updateMetadata: false keeps pdf-lib from stamping its own producer and dates.
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
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
