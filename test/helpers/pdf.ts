import { readFileSync } from 'node:fs';
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';

/** A PDF's bookmarks, each indented two spaces per level. */
export async function outline(pdf: string): Promise<string[]> {
  const doc = await PDFDocument.load(readFileSync(pdf), { updateMetadata: false });
  const titles: string[] = [];
  const walk = (node: PDFDict | undefined, depth: number): void => {
    for (let item = node?.lookupMaybe(PDFName.of('First'), PDFDict); item; item = item.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      titles.push(`${'  '.repeat(depth)}${item.lookup(PDFName.of('Title'), PDFString, PDFHexString).decodeText()}`);
      walk(item, depth + 1);
    }
  };
  walk(doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict), 0);
  return titles;
}
