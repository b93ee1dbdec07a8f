import type { Root } from 'hast';
import { toXast } from 'hast-util-to-xast';
import { toXml } from 'xast-util-to-xml';
import type { Root as XastRoot } from 'xast';

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** Serialises an HTML tree as an XHTML document (well-formed XML, characters kept as UTF-8). */
export function toXhtml(tree: Root): string {
  const xast = toXast(tree) as XastRoot;
  return `${DECLARATION}<!DOCTYPE html>\n${toXml(xast, { closeEmptyElements: true })}`;
}

/** Serialises an XML tree with the XML declaration. */
export function toXmlDocument(tree: XastRoot): string {
  return DECLARATION + toXml(tree, { closeEmptyElements: true });
}
