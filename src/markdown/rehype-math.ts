import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { classList } from './class-list.js';


/**
 * Renders TeX math (`$…$`, `$$…$$`, marked by remark-math) to MathML with temml at build time, so
 * the EPUB needs no script and the print edition no font trickery. A formula temml cannot read is
 * reported at its line and kept as code.
 */
export function rehypeMath() {
  return async (tree: Root, file: VFile) => {
    const found: Array<{ node: Element; index: number; parent: Element | Root; display: boolean; block: boolean }> = [];
    visit(tree, 'element', (node: Element, index, parent) => {
      if (!parent || index === undefined || node.tagName !== 'code') return undefined;
      const c = classList(node);
      if (!c.includes('language-math')) return undefined;
      const display = c.includes('math-display');
      // Display math sits in <pre><code>: replace the <pre>.
      if (display && parent.type === 'element' && parent.tagName === 'pre') return undefined;
      // `$$…$$` inside a line of text: displayed, but not as a block (a paragraph holds no <div>).
      found.push({ node, index, parent, display, block: false });
      return SKIP;
    });
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'pre' || !parent || index === undefined) return undefined;
      const code = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'code');
      if (code && classList(code).includes('language-math')) found.push({ node: code, index, parent, display: true, block: true });
      return undefined;
    });
    if (found.length === 0) return;
    const { default: temml } = await import('temml');
    for (const { node, index, parent, display, block } of found) {
      const tex = toString(node);
      let mathml: string;
      try {
        mathml = temml.renderToString(tex, { displayMode: display, xml: true, annotate: true, throwOnError: true });
      } catch (error) {
        // temml's message is several lines, with the place underlined by combining characters: one plain line.
        const reason = (error as Error).message.replace(/^ParseError: /, '').split('\n')[0]!.replace(/\u0332/g, '').replace(/\s+/g, ' ').replace(/:\s*$/, '').trim();
        file.message(`math could not be read: ${reason.slice(0, 200)}`, {
          place: node.position ?? parent.children[index]?.position,
          ruleId: 'math',
          source: 'colophon',
        });
        continue;
      }
      const math = fromHtml(mathml, { fragment: true }).children.find((c): c is Element => c.type === 'element');
      if (!math) continue;
      delete math.properties.style;
      // What is said of the formula later is said where it was written.
      const place = node.position ?? parent.children[index]?.position;
      if (place) math.position = place;
      const wrapped = block ? { type: 'element' as const, tagName: 'div', properties: { className: ['math-display'] }, children: [math] } : math;
      parent.children[index] = wrapped;
    }
    numberEquations(tree);
  };
}

/**
 * Numbers the chapter's numbered equations (`equation`, `align`, `gather`… without a star), in
 * order: temml leaves an empty `span.tml-eqn` in each for a style sheet's counter, but HTML is
 * not allowed inside a formula's text, and a style sheet's counter would not survive EPUB's
 * cleaning: the number is written in, "(1)", "(2)", from 1 in each chapter.
 */
function numberEquations(tree: Root): void {
  let n = 0;
  visit(tree, 'element', (node: Element, index, parent) => {
    if (node.tagName !== 'span' || !classList(node).includes('tml-eqn') || !parent || index === undefined) return undefined;
    parent.children.splice(index, 1, { type: 'text', value: `(${++n})` });
    return index + 1;
  });
}
