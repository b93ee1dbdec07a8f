import type { Element, ElementContent, Root, RootContent } from 'xast';
import { fromXml } from 'xast-util-from-xml';
import { toXml } from 'xast-util-to-xml';
import { wellFormed } from '../render/xhtml.js';
import { svgAttributes, svgCommonAttributes, svgKeywords, svgRequired } from './svg-index.js';

const COMMON = new Set(svgCommonAttributes.split(' '));
const ALLOWED = new Map(Object.entries(svgAttributes).map(([tag, names]) => [tag, new Set(names.split(' '))]));
const REQUIRED = new Map(Object.entries(svgRequired).map(([tag, names]) => [tag, names.split(' ')]));
const KEYWORDS = new Map(Object.entries(svgKeywords).map(([name, words]) => [name, new Set(words.split(' '))]));
const XLINK_NS = 'http://www.w3.org/1999/xlink';

/** Whether a value is one the schema allows for the attribute (keywords, language tags; other values are not checked). */
function allowedValue(name: string, value: string): boolean {
  const words = KEYWORDS.get(name);
  if (words) return words.has(value.trim());
  if (name === 'xml:lang' || name === 'lang') return value === '' || /^[a-z]{1,8}(-[a-z0-9]{1,8})*$/i.test(value);
  return true;
}

/** Whether SVG 1.1 (as EPUBCheck reads it) allows the attribute on the element; attributes of other namespaces are not its business. */
function allowedAttribute(tag: string, name: string): boolean {
  if (name === 'xmlns' || name.startsWith('xmlns:') || (name.includes(':') && !/^(xlink|xml):/.test(name))) return true;
  return COMMON.has(name) || ALLOWED.get(tag)?.has(name) === true;
}

/** The cleaned SVG and what was removed from it. */
export interface CleanSvg {
  bytes: Uint8Array;
  /** One line per removal, for diagnostics. */
  removed: string[];
}

const DROP_ELEMENTS = new Set(['script', 'foreignObject', 'iframe', 'object', 'embed', 'audio', 'video', 'handler', 'listener', 'set', 'animate', 'animateMotion', 'animateTransform', 'animateColor', 'mpath']);
const SVG_NS = 'http://www.w3.org/2000/svg';
/** SVG 1.1's elements that EPUB's validator accepts in an image (SVG fonts, which need glyphs it checks, left out). */
const SVG_ELEMENTS = new Set(
  ('a circle clipPath defs desc ellipse feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting ' +
    'feDisplacementMap feDistantLight feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur feImage feMerge feMergeNode feMorphology ' +
    'feOffset fePointLight feSpecularLighting feSpotLight feTile feTurbulence filter g image line linearGradient marker mask metadata ' +
    'path pattern polygon polyline radialGradient rect stop style svg switch symbol text textPath title tspan use view').split(' '),
);
const XML_NAME = /^[A-Za-z_\u00C0-\uFFFD][\w.\-\u00B7\u00C0-\uFFFD]*$/u;
const EXTERNAL_URL = /url\(\s*(['"]?)(?!#)[^)]*\1\s*\)/gi;

function localName(name: string): string {
  return name.includes(':') ? name.slice(name.indexOf(':') + 1) : name;
}

/** Most entities an SVG may declare, and longest value of one (Illustrator declares eight short URIs). */
const MAX_ENTITIES = 64;
const MAX_ENTITY_VALUE = 1024;

/**
 * An SVG's text with the entities of its DOCTYPE's internal subset written out and the DOCTYPE
 * gone. Illustrator declares a few (`<!ENTITY ns_ai "http://ns.adobe.com/…">`, used as
 * `xmlns:i="&ns_ai;"`); only plain ones are accepted: general entities whose value is text with no
 * reference or markup in it (so nothing expands into more entities: no "billion laughs"), nothing
 * external, no parameter entities. Undefined for any other declaration of entities.
 */
function plainEntities(text: string): string | undefined {
  if (!/<!ENTITY/i.test(text)) return text;
  const doctype = /<!DOCTYPE\s[^[>]*\[([\s\S]*?)\]\s*>/i.exec(text);
  if (!doctype) return undefined;
  const values = new Map<string, string>();
  // Declarations of elements and attributes change nothing a renderer does here: ignored.
  const rest = doctype[1]!.replace(/<!--[\s\S]*?-->|<!(ELEMENT|ATTLIST)\s[^<>]*>/gi, '').replace(/<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(?:"([^"<&%]*)"|'([^'<&%]*)')\s*>/g, (_all, name: string, double?: string, single?: string) => {
    const value = double ?? single ?? '';
    if (!values.has(name)) values.set(name, value);
    return value.length > MAX_ENTITY_VALUE ? '<!too-long>' : '';
  });
  if (rest.trim() !== '' || values.size > MAX_ENTITIES) return undefined;
  const escape = (value: string) => value.replace(/[<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  // Written out, the text may grow by what its references add, up to its own size again.
  let budget = text.length;
  const body = text.slice(doctype.index + doctype[0].length).replace(/&([A-Za-z_][\w.-]*);/g, (all, name: string) => {
    const value = values.get(name);
    if (value === undefined) return all;
    budget -= value.length;
    return escape(value);
  });
  return budget < 0 ? undefined : text.slice(0, doctype.index) + body;
}

/**
 * Cleans an SVG image so it is safe and valid in both editions: no DOCTYPE (plain entities it
 * declares written out, see {@link plainEntities}),
 * no scripts, event handlers, animations, foreign objects, external references (`href` other
 * than `#fragment`, `url(…)` other than `url(#…)`, `@import`). Returns undefined when the file is
 * not well-formed XML with an `<svg>` root.
 */
export function sanitizeSvg(bytes: Uint8Array): CleanSvg | undefined {
  const text = plainEntities(new TextDecoder('utf-8').decode(bytes));
  if (text === undefined) return undefined;
  let tree: Root;
  try {
    tree = fromXml(text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
  const removed: string[] = [];
  const clean = (nodes: RootContent[] | ElementContent[]): void => {
    for (let i = nodes.length - 1; i >= 0; i--) {
      const node = nodes[i]!;
      if (node.type === 'doctype' || node.type === 'instruction') {
        // The XML declaration goes too: the file is written back as UTF-8, whatever it declared.
        if (node.type === 'doctype' || node.name !== 'xml') removed.push(node.type === 'doctype' ? 'DOCTYPE removed' : `processing instruction <?${node.name}?> removed`);
        nodes.splice(i, 1);
      } else if (node.type === 'comment') {
        nodes.splice(i, 1);
      } else if (node.type === 'element') {
        if (DROP_ELEMENTS.has(localName(node.name))) {
          removed.push(`<${node.name}> removed (images may not run code)`);
          nodes.splice(i, 1);
          continue;
        }
        const foreign = (node.name.includes(':') && !node.name.startsWith('svg:')) || (typeof node.attributes.xmlns === 'string' && node.attributes.xmlns !== SVG_NS);
        if (foreign || !SVG_ELEMENTS.has(localName(node.name))) {
          removed.push(`<${node.name}> removed (not an SVG element)`);
          nodes.splice(i, 1);
          continue;
        }
        cleanElement(node, removed);
        // A shape without what defines it (a rect without a size, a path without d) draws nothing, and SVG 1.1 requires it.
        const missing = (REQUIRED.get(localName(node.name)) ?? []).filter((a) => node.attributes[a] == null);
        if (missing.length > 0) {
          removed.push(`<${node.name}> without ${missing.join(' and ')} removed`);
          nodes.splice(i, 1);
          continue;
        }
        clean(node.children);
        // A link in an image leads nowhere (readers show it as a picture): its content stays.
        if (localName(node.name) === 'a') nodes.splice(i, 1, ...node.children);
        else if (/^(title|desc)$/.test(localName(node.name))) node.children = [{ type: 'text', value: textOf(node) }];
      }
    }
  };
  clean(tree.children);
  const root = tree.children.find((c): c is Element => c.type === 'element');
  if (!root || localName(root.name) !== 'svg') return undefined;
  if (!root.name.includes(':')) root.attributes.xmlns = SVG_NS;
  declarePrefixes(root, removed);
  checkIds(root, removed);
  return { bytes: new TextEncoder().encode(wellFormed(toXml(tree))), removed };
}

/**
 * Every prefix an attribute uses must be declared: `xlink:` is declared on the root when an image
 * uses it without (browsers forgive that, XML does not); an attribute of any other undeclared
 * prefix goes.
 */
function declarePrefixes(root: Element, removed: string[]): void {
  const walk = (node: Element, declared: ReadonlySet<string>): void => {
    const here = new Set(declared);
    for (const name of Object.keys(node.attributes)) if (name.startsWith('xmlns:')) here.add(name.slice(6));
    for (const name of Object.keys(node.attributes)) {
      const prefix = name.includes(':') && !name.startsWith('xmlns:') ? name.slice(0, name.indexOf(':')) : undefined;
      if (prefix === undefined || prefix === 'xml' || here.has(prefix)) continue;
      if (prefix === 'xlink') {
        root.attributes['xmlns:xlink'] = XLINK_NS;
        here.add('xlink');
        continue;
      }
      removed.push(`${name} on <${node.name}> removed (its prefix is not declared)`);
      delete node.attributes[name];
    }
    for (const c of node.children) if (c.type === 'element') walk(c, here);
  };
  walk(root, new Set(Object.keys(root.attributes).filter((n) => n.startsWith('xmlns:')).map((n) => n.slice(6))));
}

function textOf(node: Element | ElementContent): string {
  if (node.type === 'text' || node.type === 'cdata') return node.value;
  return node.type === 'element' ? node.children.map(textOf).join('') : '';
}

/** Ids must be XML names, once each; `<use>` of an id the image lacks goes. */
function checkIds(root: Element, removed: string[]): void {
  const ids = new Set<string>();
  const walk = (node: Element, each: (el: Element, parent: Element | undefined) => void, parent?: Element) => {
    each(node, parent);
    for (const c of [...node.children]) if (c.type === 'element') walk(c, each, node);
  };
  walk(root, (el) => {
    const id = el.attributes.id;
    if (id == null) return;
    if (!XML_NAME.test(String(id)) || ids.has(String(id))) {
      removed.push(`id "${String(id).slice(0, 40)}" removed (not a valid or not a unique id)`);
      delete el.attributes.id;
    } else ids.add(String(id));
  });
  // A paint or filter that points at an id the image lacks: nothing, rather than a broken reference.
  walk(root, (el) => {
    for (const [name, value] of Object.entries(el.attributes)) {
      if (typeof value !== 'string' || !value.includes('url(#')) continue;
      const fixed = value.replace(/url\(\s*(['"]?)#([^)'"]*)\1\s*\)/g, (whole, _q: string, id: string) => (ids.has(id) ? whole : 'none'));
      if (fixed !== value) {
        removed.push(`reference to a missing id in ${name} on <${el.name}> removed`);
        el.attributes[name] = fixed;
      }
    }
  });
  // A `use` or an `image` of an id the image lacks shows nothing: it goes; any other such link is dropped.
  walk(root, (el, parent) => {
    for (const name of ['href', 'xlink:href']) {
      const href = el.attributes[name];
      if (href == null || ids.has(String(href).trim().slice(1))) continue;
      if (parent && /^(use|image)$/.test(localName(el.name))) {
        removed.push(`<${el.name}> of a missing "${String(href).slice(0, 40)}" removed`);
        parent.children.splice(parent.children.indexOf(el), 1);
        return;
      }
      removed.push(`${name} to a missing "${String(href).slice(0, 40)}" on <${el.name}> removed`);
      delete el.attributes[name];
    }
  });
}

function cleanElement(node: Element, removed: string[]): void {
  const tag = localName(node.name);
  // CDATA becomes text: a `]]>` in it could not be written back inside one.
  node.children = node.children.map((c) => (c.type === 'cdata' ? { type: 'text', value: c.value } : c));
  for (const [name, value] of Object.entries(node.attributes)) {
    if (value == null) continue;
    if (!allowedAttribute(tag, name)) {
      removed.push(`${name} on <${node.name}> removed (not an SVG 1.1 attribute of this element)`);
      delete node.attributes[name];
      continue;
    }
    if (!allowedValue(name, String(value))) {
      removed.push(`${name}="${String(value).slice(0, 20)}" on <${node.name}> removed (not a valid value)`);
      delete node.attributes[name];
      continue;
    }
    const local = localName(name).toLowerCase();
    if (local.startsWith('on')) {
      removed.push(`event handler ${name} on <${node.name}> removed`);
      delete node.attributes[name];
    } else if (local === 'href' && !String(value).trim().startsWith('#')) {
      removed.push(`external reference ${name}="${String(value).slice(0, 60)}" removed (images may not load other files)`);
      delete node.attributes[name];
    } else if (EXTERNAL_URL.test(String(value))) {
      EXTERNAL_URL.lastIndex = 0;
      removed.push(`external url() in ${name} on <${node.name}> removed`);
      delete node.attributes[name];
    }
    EXTERNAL_URL.lastIndex = 0;
  }
  if (localName(node.name) === 'style') {
    for (const child of node.children) {
      if (child.type !== 'text' && child.type !== 'cdata') continue;
      const before = child.value;
      child.value = before.replace(/@import[^;]*;?/gi, '').replace(EXTERNAL_URL, 'none');
      if (child.value !== before) removed.push('external references in <style> removed');
    }
  }
}
