import type { Element, Root } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';

/** Class of a paragraph that holds nothing but an image without a caption. */
export const STANDALONE_IMAGE_CLASS = 'standalone-image';

/**
 * An image alone in its paragraph (or in a tight list's item), with a title (`![alt](src "Caption")`),
 * becomes a `figure` with that title as its `figcaption`; the alt text stays the image's description. Without a title the
 * paragraph is marked {@link STANDALONE_IMAGE_CLASS}, for the templates to set it unindented.
 */
export function rehypeFigure() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element, index, parent) => {
      // An item of a tight list holds its image without a paragraph: the same figure, in the item.
      if (node.tagName === 'li') {
        const kids = node.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
        const img = kids[0];
        if (kids.length === 1 && img?.type === 'element' && img.tagName === 'img' && typeof img.properties.title === 'string' && img.properties.title.trim() !== '') {
          const caption = img.properties.title;
          delete img.properties.title;
          node.children = [h('figure', [img, h('figcaption', caption)])];
        }
        return;
      }
      if (node.tagName !== 'p' || !parent || index === undefined || parent.type !== 'root' && (parent as Element).tagName === 'figure') return;
      const kids = node.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
      const img = kids[0];
      if (kids.length !== 1 || img?.type !== 'element' || img.tagName !== 'img') return;
      const caption = img.properties.title;
      if (typeof caption !== 'string' || caption.trim() === '') {
        // No caption: still a picture on its own, set without the first-line indent (which would
        // push a full-width image past the margin).
        const classes = Array.isArray(node.properties.className) ? node.properties.className : [];
        node.properties.className = [...classes, STANDALONE_IMAGE_CLASS];
        return;
      }
      delete img.properties.title;
      parent.children[index] = { ...h('figure', [img, h('figcaption', caption)]), position: node.position! };
    });
  };
}
