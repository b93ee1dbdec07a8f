import type { Root } from 'hast';
import { toXast } from 'hast-util-to-xast';
import { toXml } from 'xast-util-to-xml';
import type { Root as XastRoot } from 'xast';
import { xmlChars } from '../markdown/xml-chars.js';

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** Serialises an HTML tree as an XHTML document (well-formed XML, characters kept as UTF-8). */
export function toXhtml(tree: Root): string {
  const xast = toXast(tree) as XastRoot;
  return `${DECLARATION}<!DOCTYPE html>\n${wellFormed(toXml(xast, { closeEmptyElements: true }))}`;
}

/**
 * What the serializer leaves that XML forbids: `]]>` in content (it leaves `>` as is; Colophon
 * writes no CDATA), and characters XML cannot hold at all, which are dropped (from names, text and
 * attribute values alike, so an id and the links to it still agree).
 */
export function wellFormed(xml: string): string {
  return xmlChars(xml.replaceAll(']]>', ']]&#x3E;'));
}

/** Serialises an XML tree with the XML declaration. */
export function toXmlDocument(tree: XastRoot): string {
  return DECLARATION + wellFormed(toXml(tree, { closeEmptyElements: true }));
}
