import type { Root } from 'hast';
import { sanitize } from 'hast-util-sanitize';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { epubSchema } from './epub-schema.js';

const ANNOUNCED = new Set(['script', 'style', 'iframe', 'object', 'embed', 'frame', 'frameset', 'applet', 'link', 'meta', 'base', 'form', 'textarea', 'select', 'button']);

/**
 * Cleans the chapter to the EPUB-safe allow-list (see `epub-schema.ts`). Elements that could run
 * code or reach outside the book are reported where they were written.
 */
export function rehypeEpubSafe() {
  return (tree: Root, file: VFile) => {
    visit(tree, 'element', (node) => {
      if (ANNOUNCED.has(node.tagName)) {
        file.message(`<${node.tagName}> removed: raw HTML may not run code, style the page or load other resources`, {
          place: node.position,
          ruleId: 'html-removed',
          source: 'colophon',
        });
      }
      for (const key of Object.keys(node.properties)) {
        if (/^on[a-z]/i.test(key)) {
          file.message(`event handler "${key}" on <${node.tagName}> removed: manuscripts never run scripts`, {
            place: node.position,
            ruleId: 'html-removed',
            source: 'colophon',
          });
        }
      }
    });
    const clean = sanitize(tree, epubSchema) as Root;
    tree.children = clean.children;
  };
}
