import type { Heading, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { attributeProperties, droppedPairs, readAttributes } from './attributes.js';

/**
 * Reads `{#id .class lang=fr}` (pandoc / kramdown style) off the end of a heading into its
 * attributes; others (`epub:type=prologue`, `style=…`) are reported and not kept.
 */
export function remarkHeadingAttributes() {
  return (tree: Root, file: VFile) => {
    visit(tree, 'heading', (node: Heading) => {
      const last = node.children.at(-1);
      if (last?.type !== 'text') return;
      const at = last.value.lastIndexOf('{');
      const attributes = at < 0 ? undefined : readAttributes(last.value.slice(at));
      if (!attributes || last.value.slice(at + attributes.length).trim() !== '') return;
      last.value = last.value.slice(0, at).trimEnd();
      if (last.value === '') node.children.pop();
      node.data = { ...node.data, hProperties: { ...(node.data?.hProperties ?? {}), ...attributeProperties(attributes) } };
      const dropped = droppedPairs(attributes);
      if (dropped.length > 0) {
        file.message(`heading attribute${dropped.length > 1 ? 's' : ''} ${dropped.join(' ')} not kept: a heading keeps its id, classes, lang, dir and title (Colophon marks chapters' roles itself)`, { place: node.position, ruleId: 'heading-attribute', source: 'colophon' });
      }
    });
  };
}
