import type { Element, ElementContent, Root, RootContent } from 'xast';
import { fromXml } from 'xast-util-from-xml';
import { toXml } from 'xast-util-to-xml';

/** The cleaned SVG and what was removed from it. */
export interface CleanSvg {
  bytes: Uint8Array;
  /** One line per removal, for diagnostics. */
  removed: string[];
}

const DROP_ELEMENTS = new Set(['script', 'foreignObject', 'iframe', 'object', 'embed', 'audio', 'video', 'handler', 'listener', 'set', 'animate', 'animateMotion', 'animateTransform']);
const EXTERNAL_URL = /url\(\s*(['"]?)(?!#)[^)]*\1\s*\)/gi;

function localName(name: string): string {
  return name.includes(':') ? name.slice(name.indexOf(':') + 1) : name;
}

/**
 * Cleans an SVG image so it is safe and valid in both editions: no DOCTYPE or entity declarations,
 * no scripts, event handlers, animations, foreign objects, external references (`href` other
 * than `#fragment`, `url(…)` other than `url(#…)`, `@import`). Returns undefined when the file is
 * not well-formed XML with an `<svg>` root.
 */
export function sanitizeSvg(bytes: Uint8Array): CleanSvg | undefined {
  const text = new TextDecoder('utf-8').decode(bytes);
  // Entity declarations can expand without bound ("billion laughs"): refuse them outright.
  if (/<!ENTITY/i.test(text)) return undefined;
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
      if (node.type === 'doctype' || (node.type === 'instruction' && node.name !== 'xml')) {
        removed.push(node.type === 'doctype' ? 'DOCTYPE removed' : `processing instruction <?${node.name}?> removed`);
        nodes.splice(i, 1);
      } else if (node.type === 'comment') {
        nodes.splice(i, 1);
      } else if (node.type === 'element') {
        if (DROP_ELEMENTS.has(localName(node.name))) {
          removed.push(`<${node.name}> removed (images may not run code)`);
          nodes.splice(i, 1);
          continue;
        }
        cleanElement(node, removed);
        clean(node.children);
      }
    }
  };
  clean(tree.children);
  const root = tree.children.find((c): c is Element => c.type === 'element');
  if (!root || localName(root.name) !== 'svg') return undefined;
  return { bytes: new TextEncoder().encode(toXml(tree)), removed };
}

function cleanElement(node: Element, removed: string[]): void {
  for (const [name, value] of Object.entries(node.attributes)) {
    if (value == null) continue;
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
