import type { Element, ElementContent, Root, RootContent } from 'hast';
import { h } from 'hastscript';
import { SKIP, visit } from 'unist-util-visit';

/** Values for a template fragment's `data-field` elements; an absent value removes the element. */
export type Fields = Record<string, string | { text: string; attributes: Record<string, string> } | undefined>;

function isEmpty(node: Element): boolean {
  return node.children.every((c) => (c.type === 'text' ? c.value.trim() === '' : c.type === 'comment'));
}

/**
 * Fills a template fragment: each element with `data-field="name"` gets the field's text (and
 * attributes), or is removed when the field is empty; a parent left with nothing in it goes too.
 * Comments are dropped. Returns a new tree; the template's own stays untouched.
 */
export function fillFields<T extends Root | Element>(template: T, fields: Fields): T {
  const tree = structuredClone(template);
  const emptied = new Set<Element>();
  visit(tree, (node, index, parent) => {
    if (parent === undefined || index === undefined) return undefined;
    if (node.type === 'comment') {
      parent.children.splice(index, 1);
      return [SKIP, index];
    }
    if (node.type !== 'element') return undefined;
    const name = node.properties.dataField;
    if (typeof name !== 'string') return undefined;
    delete node.properties.dataField;
    const value = fields[name];
    if (value === undefined || (typeof value === 'string' ? value : value.text) === '') {
      parent.children.splice(index, 1);
      if (parent.type === 'element') emptied.add(parent);
      return [SKIP, index];
    }
    const text = typeof value === 'string' ? value : value.text;
    if (typeof value !== 'string') Object.assign(node.properties, value.attributes);
    node.children = [{ type: 'text', value: text }];
    return SKIP;
  });
  // Remove parents a removal left empty, innermost first, up to the fragment's root.
  let changed = emptied.size > 0;
  while (changed) {
    changed = false;
    visit(tree, 'element', (node: Element, index, parent) => {
      if (parent && index !== undefined && emptied.has(node) && isEmpty(node)) {
        parent.children.splice(index, 1);
        if (parent.type === 'element') emptied.add(parent);
        emptied.delete(node);
        changed = true;
        return [SKIP, index];
      }
      return undefined;
    });
  }
  return tree;
}

/** The first element of a parsed fragment (a template partial has one root element). */
export function fragmentRoot(tree: Root): Element {
  const root = tree.children.find((c): c is Element => c.type === 'element');
  if (!root) throw new Error('template fragment has no element');
  return root;
}

/** What a document needs: language, title, stylesheets, content, and extra attributes for `<html>`. */
export interface DocumentParts {
  lang: string;
  dir: 'ltr' | 'rtl';
  title: string;
  stylesheets: ReadonlyArray<string>;
  /** Raw CSS appended in a `<style>` after the stylesheets (print page rules). */
  style?: string;
  content: ElementContent[];
  htmlAttributes?: Record<string, string>;
}

/**
 * Builds a whole document from the template's `document.html`: sets `lang`/`dir` on `<html>`, fills
 * the title, appends stylesheet links to `<head>`, and replaces the `data-slot="content"` element.
 */
export function fillDocument(template: Root, parts: DocumentParts): Root {
  const tree = fillFields(template, { title: parts.title });
  tree.children = tree.children.filter((c: RootContent) => c.type === 'element');
  visit(tree, 'element', (node: Element, index, parent) => {
    if (node.tagName === 'html') Object.assign(node.properties, { lang: parts.lang, dir: parts.dir }, parts.htmlAttributes ?? {});
    if (node.tagName === 'head') {
      node.children.push(...parts.stylesheets.map((href) => h('link', { rel: 'stylesheet', type: 'text/css', href })));
      if (parts.style) node.children.push(h('style', parts.style));
    }
    if (node.properties.dataSlot === 'content' && parent && index !== undefined) {
      parent.children.splice(index, 1, ...parts.content);
      return [SKIP, index + parts.content.length];
    }
    return undefined;
  });
  return tree;
}
