import type { Element, ElementContent, Root } from 'hast';
import { sanitize } from 'hast-util-sanitize';
import { find, html } from 'property-information';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { epubSchema, mathmlTags } from './epub-schema.js';
import { hostBrackets, normalizeUrl, validRole, validValue } from './attribute-values.js';

/** Obsolete elements and what they become (a tag, with an optional class). */
/** A form's boxes outside a form (books have none): blocks of the same name, so their text stays set apart. */
const FORM_BLOCKS: Record<string, string> = { fieldset: 'fieldset', legend: 'legend' };

const OBSOLETE: Record<string, [string, string?]> = {
  font: ['span'],
  basefont: ['span'],
  center: ['div', 'center'],
  big: ['span', 'big'],
  tt: ['code'],
  strike: ['s'],
  acronym: ['abbr'],
  blink: ['span'],
  marquee: ['span'],
  nobr: ['span', 'nobr'],
  listing: ['pre'],
  xmp: ['pre'],
  plaintext: ['pre'],
  dir: ['ul'],
  menu: ['ul'],
  hgroup: ['div', 'hgroup'],
  main: ['div', 'main'],
};

/** Presentational attributes kept as classes (`align="center"` → `align-center`). */
const AS_CLASS = new Set(['align', 'vAlign']);

const STRIP = new Set(epubSchema.strip ?? []);
const ALLOWED_TAGS = new Set(epubSchema.tagNames ?? []);
const GLOBAL_ATTRS = new Set((epubSchema.attributes?.['*'] ?? []).map((a) => (Array.isArray(a) ? a[0] : a)));

function attributeName(property: string): string {
  return find(html, property).attribute;
}

function allowedAttribute(tag: string, property: string): boolean {
  if (GLOBAL_ATTRS.has(property) || (property.startsWith('data') && /^data[A-Z]/.test(property))) return true;
  return (epubSchema.attributes?.[tag] ?? []).some((a) => (Array.isArray(a) ? a[0] : a) === property);
}

const SAFE_URL = /^(https?:|mailto:|#|[^:]*$)/i;
const MATH_TAGS = new Set(mathmlTags);

/**
 * A web address with a real host name, as written: EPUB checkers read the address itself, where a
 * browser's parser would mend it (`http:a.com`, `http:///x` and `http:/a.com` have no host for
 * them, `http://0x7f.1/` no valid one), and reject `https://../` and hosts with `%`.
 */
function validWebUrl(written: string): boolean {
  const href = hostBrackets(written);
  try {
    const url = new URL(href);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return true;
  } catch {
    return false;
  }
  // Markdown percent-encodes a host's letters beyond ASCII (an IDN).
  let decoded = href;
  try {
    decoded = decodeURI(href);
  } catch {
    // Left as written: a stray `%` fails the host check below.
  }
  const host = /^https?:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)(?::\d*)?(?:[/?#]|$)/i.exec(decoded)?.[1];
  if (host === undefined || host === '') return false;
  if (host.startsWith('[')) return /^\[[0-9a-f:.]+\]$/i.test(host);
  // A host ending in a number is an IPv4 address: four decimal parts.
  if (/(^|\.)(0x[0-9a-f]*|\d+)$/i.test(host)) return /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/.test(host);
  return /^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)*$/u.test(host);
}

/**
 * Cleans raw HTML to what EPUB 3 XHTML allows, reporting every change at its line: obsolete
 * elements mapped (`font` → `span`, `center` → `div.center`), presentational attributes turned into
 * classes or dropped, inline styles dropped, scripts, frames, objects, forms and media removed with
 * their content, comments removed, unknown elements unwrapped (their text kept), unsafe URLs
 * dropped. A final sanitize with the same allow-list is the safety net.
 */
export function rehypeEpubSafe() {
  return (tree: Root, file: VFile) => {
    const report = (reason: string, node: { position?: Element['position'] }, rule = 'html-removed') =>
      file.message(reason, { place: node.position, ruleId: rule, source: 'colophon' });

    visit(tree, (node, index, parent) => {
      if (!parent || index === undefined) return undefined;
      // A comment is the author's note to themselves, shown by no renderer: dropped without a word.
      if (node.type === 'comment') {
        parent.children.splice(index, 1);
        return [SKIP, index];
      }
      if (node.type !== 'element') return undefined;
      const tag = node.tagName;
      if (STRIP.has(tag) || tag === 'form') {
        if (tag === 'form') {
          report('<form> removed (its text is kept): books have no forms', node);
          parent.children.splice(index, 1, ...(node.children as ElementContent[]));
          return [SKIP, index];
        }
        report(`<${tag}> removed with its content: ${tag === 'svg' ? 'inline SVG is not supported, use an .svg image file' : 'raw HTML may not run code, embed other documents or media, or load resources'}`, node);
        parent.children.splice(index, 1);
        return [SKIP, index];
      }
      if (tag === 'listing' && isListingFigure(node)) {
        parent.children[index] = listingFigure(node);
        // (Visited again in its new shape; not entered as it was, or its content is seen twice.)
        return [SKIP, index];
      }
      if (tag === 'picture') {
        report('<picture> gives its <img>; its <source> alternatives are left out (a book carries one image)', node, 'html-unknown');
        parent.children.splice(index, 1, ...(node.children.filter((c) => !(c.type === 'element' && c.tagName === 'source')) as ElementContent[]));
        return [SKIP, index];
      }
      if (FORM_BLOCKS[tag]) {
        report(`<${tag}> made a <div class="${FORM_BLOCKS[tag]}">: books have no forms`, node, 'html-unknown');
        node.tagName = 'div';
        node.properties.className = [...asList(node.properties.className), FORM_BLOCKS[tag]];
        cleanAttributes(node, report);
        return undefined;
      }
      const mapped = OBSOLETE[tag];
      if (mapped) {
        report(`obsolete <${tag}> mapped to <${mapped[0]}${mapped[1] ? `.${mapped[1]}` : ''}>`, node, 'html-obsolete');
        node.tagName = mapped[0];
        if (mapped[1]) node.properties.className = [...asList(node.properties.className), mapped[1]];
      } else if (!ALLOWED_TAGS.has(tag)) {
        report(`unknown element <${tag}> unwrapped (its content is kept)`, node, 'html-unknown');
        parent.children.splice(index, 1, ...(node.children as ElementContent[]));
        return [SKIP, index];
      }
      cleanAttributes(node, report);
      return undefined;
    });

    const clean = sanitize(tree, epubSchema) as Root;
    tree.children = clean.children;
  };
}

/** Attributes of the Rust book's `<Listing>` (mdBook's trpl preprocessor). */
const LISTING_ATTRIBUTES = ['number', 'file-name', 'caption'];

/** A `<listing>` wrapping blocks (a code block) or carrying a number, file name or caption: a captioned listing, not HTML's obsolete `<listing>` text. */
function isListingFigure(node: Element): boolean {
  return LISTING_ATTRIBUTES.some((a) => typeof node.properties[a] === 'string') || node.children.some((c) => c.type === 'element' && c.tagName === 'pre');
}

/** Text with `code` spans (backticks, as trpl's captions have them) as elements. */
function withCodeSpans(text: string): ElementContent[] {
  return text.split(/`([^`]+)`/).flatMap((part, i): ElementContent[] => (part === '' ? [] : i % 2 === 1 ? [{ type: 'element', tagName: 'code', properties: {}, children: [{ type: 'text', value: part }] }] : [{ type: 'text', value: part }]));
}

/**
 * The Rust book's `<Listing number="1-1" file-name="src/main.rs" caption="…">` around a code
 * block, as trpl renders it: a `figure.listing`, the file name above the code, "Listing 1-1:
 * caption" below it.
 */
function listingFigure(node: Element): Element {
  const attribute = (name: string) => (typeof node.properties[name] === 'string' ? (node.properties[name] as string).trim() : '');
  const [number, fileName, caption] = LISTING_ATTRIBUTES.map(attribute);
  const label = [number ? `Listing ${number}` : '', caption].filter(Boolean).join(': ');
  return {
    type: 'element',
    tagName: 'figure',
    properties: { className: ['listing'] },
    position: node.position,
    children: [
      ...(fileName ? [{ type: 'element' as const, tagName: 'p', properties: { className: ['listing-file'] }, children: [{ type: 'text' as const, value: 'Filename: ' }, { type: 'element' as const, tagName: 'code', properties: {}, children: [{ type: 'text' as const, value: fileName }] }] }] : []),
      ...node.children,
      ...(label ? [{ type: 'element' as const, tagName: 'figcaption', properties: {}, children: withCodeSpans(label) }] : []),
    ],
  };
}

function asList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : [];
}

function cleanAttributes(node: Element, report: (reason: string, node: Element, rule?: string) => void): void {
  // An image's size in its inline style (`style="width: 50%"`, as READMEs and mdBook's books set
  // it) is kept, as pandoc's `{width=50%}` is (checked and set in rehype-assets.ts); the rest of
  // the style goes, as every inline style does.
  if (node.tagName === 'img' && typeof node.properties.style === 'string') {
    const kept: string[] = [];
    const declarations = node.properties.style.split(';').map((d) => d.trim()).filter((d) => d !== '');
    for (const declaration of declarations) {
      const m = /^(width|height)\s*:\s*(\S+)$/i.exec(declaration);
      if (!m) continue;
      const property = m[1]!.toLowerCase() === 'width' ? 'dataColophonWidth' : 'dataColophonHeight';
      if (node.properties[property] === undefined) {
        node.properties[property] = m[2]!;
        kept.push(declaration);
      }
    }
    if (kept.length === declarations.length) delete node.properties.style;
    else if (kept.length > 0) {
      report(`style on <img> removed, but for its ${kept.map((d) => d.split(':')[0]!.trim()).join(' and ')}: not valid in EPUB 3 or not safe`, node, 'html-attribute');
      delete node.properties.style;
    }
  }
  // An old-style anchor (`<a name="x">`, obsolete in HTML5) is an id: the links to it keep working.
  if (node.tagName === 'a' && typeof node.properties.name === 'string' && node.properties.id === undefined) {
    node.properties.id = node.properties.name;
    delete node.properties.name;
  }
  for (const [property, value] of Object.entries(node.properties)) {
    if (value === undefined || value === null) continue;
    const name = attributeName(property);
    if (property === 'href' && typeof value === 'string' && SAFE_URL.test(value.trim()) && !validWebUrl(value.trim()) && /^https?:/i.test(value.trim())) {
      report(`link "${value.slice(0, 60)}" is not a valid web address; the link is removed (its text stays)`, node, 'html-url');
      delete node.properties[property];
      continue;
    }
    if ((property === 'href' || property === 'cite') && typeof value === 'string' && !SAFE_URL.test(value.trim().replace(/^\/\//, 'https://'))) {
      report(`${name}="${value.slice(0, 40)}" on <${node.tagName}> removed: only http, https, mailto and relative links are kept`, node, 'html-url');
      delete node.properties[property];
      continue;
    }
    if ((property === 'href' || property === 'cite') && typeof value === 'string') {
      const url = normalizeUrl(value);
      if (url === undefined) {
        report(`${name}="${value.slice(0, 40)}" on <${node.tagName}> removed: not a valid address`, node, 'html-url');
        delete node.properties[property];
      } else node.properties[property] = url;
      continue;
    }
    // An id is one token, and links to it are URIs: none of the characters a URI cannot hold.
    if (property === 'id' && typeof value === 'string' && /[\s%#<>"{}|\\^`]/.test(value)) {
      // Percent-escapes first (GFM writes a note labelled `ñ` as `fn-%C3%B1`, and links decode them).
      const decoded = decodeEscapes(value);
      const id = decoded.trim().replace(/[\s%#<>"{}|\\^`]+/g, '-');
      // Only decoded: the same id to every link, nothing to report.
      if (id !== decoded) report(`id "${value.slice(0, 40)}" on <${node.tagName}> ${id === '' ? 'removed' : `made "${id}"`}: ids cannot hold spaces or characters such as % # " < >`, node, 'html-attribute');
      if (id === '') delete node.properties.id;
      else {
        node.properties.id = id;
        // Links to the id as written follow it to its new name (see book/links.ts).
        node.data = { ...node.data, writtenId: decoded } as typeof node.data;
      }
      continue;
    }
    // `a:b` would need a namespace prefix in XHTML: no such attribute can be kept.
    if (name.includes(':') && property !== 'xmlLang') {
      report(`attribute ${name} on <${node.tagName}> removed: not valid in EPUB 3`, node, 'html-attribute');
      delete node.properties[property];
      continue;
    }
    if (allowedAttribute(node.tagName, property)) {
      if (property === 'role') {
        const role = validRole(node.tagName, Array.isArray(value) ? value.join(' ') : String(value), { math: MATH_TAGS.has(node.tagName), decorative: node.tagName === 'img' && node.properties.alt === '' });
        if (role !== '') {
          node.properties.role = role;
          continue;
        }
      } else if (validValue(node.tagName, property, value, MATH_TAGS.has(node.tagName))) continue;
      report(`${name}="${String(value).slice(0, 40)}" on <${node.tagName}> removed: not a valid value`, node, 'html-attribute');
      delete node.properties[property];
      continue;
    }
    if (AS_CLASS.has(property) && typeof value === 'string' && /^[a-z-]+$/i.test(value)) {
      node.properties.className = [...asList(node.properties.className), `${name}-${value.toLowerCase()}`];
      report(`presentational ${name}="${value}" on <${node.tagName}> turned into class "${name}-${value.toLowerCase()}"`, node, 'html-attribute');
    } else if (/^on/i.test(name)) {
      report(`event handler ${name} on <${node.tagName}> removed: manuscripts never run scripts`, node, 'html-removed');
    } else if (property === 'src' && node.tagName === 'img') {
      continue;
    } else {
      report(`attribute ${name} on <${node.tagName}> removed: not valid in EPUB 3 or not safe`, node, 'html-attribute');
    }
    delete node.properties[property];
  }
}

/** `%C3%B1` as `ñ`: the escapes a valid sequence makes, decoded; anything else left as it is. */
function decodeEscapes(text: string): string {
  return text.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}
