import type { Root } from 'hast';
import { toXast } from 'hast-util-to-xast';
import { toXml } from 'xast-util-to-xml';
import type { Root as XastRoot } from 'xast';

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** Serialises an HTML tree as an XHTML document (well-formed XML, characters kept as UTF-8). */
export function toXhtml(tree: Root): string {
  const xast = toXast(tree) as XastRoot;
  return `${DECLARATION}<!DOCTYPE html>\n${escapeCdataEnd(toXml(xast, { closeEmptyElements: true }))}`;
}

/** XML forbids `]]>` in content; the serializer leaves `>` as is, and Colophon writes no CDATA. */
function escapeCdataEnd(xml: string): string {
  return xml.replaceAll(']]>', ']]&#x3E;');
}

/** Serialises an XML tree with the XML declaration. */
export function toXmlDocument(tree: XastRoot): string {
  return DECLARATION + toXml(tree, { closeEmptyElements: true });
}
