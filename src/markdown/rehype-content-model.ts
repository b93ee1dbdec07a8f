import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import type { VFile } from 'vfile';
import { mathmlTags } from './epub-schema.js';

/** Elements whose content must be phrasing (inline) content. */
const PHRASING_ONLY = new Set(['p', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'span', 'a', 'em', 'strong', 'b', 'i', 'u', 's', 'code', 'small', 'sub', 'sup', 'q', 'cite', 'abbr', 'dfn', 'kbd', 'samp', 'var', 'mark', 'time', 'bdi', 'bdo', 'dt', 'summary', 'del', 'ins', 'label', 'rt', 'rp']);
/** Inline wrappers that HTML parsing may stretch around whole blocks (formatting reconstruction). */
const HOISTABLE = new Set(['a', 'em', 'strong', 'b', 'i', 'u', 's', 'span', 'code', 'small', 'sub', 'sup', 'q', 'cite', 'abbr', 'dfn', 'kbd', 'samp', 'var', 'mark', 'time', 'bdi', 'bdo', 'del', 'ins', 'label']);
/** Elements that are flow (block) content only. */
const FLOW_ONLY = new Set(['p', 'div', 'pre', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article', 'aside', 'nav', 'header', 'footer', 'figure', 'figcaption', 'hr', 'address', 'details', 'summary', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th']);
/** Elements that only make sense inside a given parent. */
const NEEDS_PARENT: Record<string, ReadonlySet<string>> = {
  li: new Set(['ul', 'ol']),
  dt: new Set(['dl', 'div']),
  dd: new Set(['dl', 'div']),
  rt: new Set(['ruby']),
  rp: new Set(['ruby']),
  figcaption: new Set(['figure']),
  summary: new Set(['details']),
  caption: new Set(['table']),
  tr: new Set(['table', 'thead', 'tbody', 'tfoot']),
  td: new Set(['tr']),
  th: new Set(['tr']),
  thead: new Set(['table']),
  tbody: new Set(['table']),
  tfoot: new Set(['table']),
};

const MATHML = 'http://www.w3.org/1998/Math/MathML';
const MATHML_INNER = new Set(mathmlTags.filter((t) => t !== 'math'));

function hasFlow(node: Element): boolean {
  return node.children.some((c) => c.type === 'element' && (FLOW_ONLY.has(c.tagName) || hasFlow(c)));
}

function blank(node: ElementContent): boolean {
  if (node.type === 'text') return node.value.trim() === '';
  if (node.type === 'element') return node.tagName !== 'img' && node.tagName !== 'math' && node.tagName !== 'br' && node.children.every(blank);
  return true;
}

/**
 * Makes the chapter's element nesting valid XHTML, whatever raw HTML and HTML parsing (which
 * stretches unclosed inline elements around later blocks) made of it. Runs last, on the final tree:
 * inline wrappers around blocks are removed (the blocks stay), blocks inside inline-only elements
 * are unwrapped, stray content in lists is moved into list items, and list items, table parts,
 * ruby text and captions outside their parents are unwrapped. MathML gets its namespace. Each
 * repair is reported where it happened.
 */
export function rehypeContentModel() {
  return (tree: Root, file: VFile) => {
    const report = (node: Element, reason: string) => file.message(reason, { place: node.position, ruleId: 'html-nesting', source: 'colophon' });

    const fix = (parent: Root | Element, flow: boolean, inPhrasing: boolean): void => {
      const parentTag = parent.type === 'element' ? parent.tagName : '';
      for (let i = 0; i < parent.children.length; i++) {
        const child = parent.children[i]!;
        if (child.type !== 'element') continue;
        const tag = child.tagName;
        if (tag === 'math') {
          child.properties.xmlns = MATHML;
          continue;
        }
        // MathML's inner elements mean nothing outside <math> (the parser can separate them).
        if (MATHML_INNER.has(tag)) {
          report(child, `<${tag}> outside <math> unwrapped`);
          parent.children.splice(i, 1, ...(child.children as ElementContent[]));
          i--;
          continue;
        }
        const allowedParents = NEEDS_PARENT[tag];
        if (allowedParents && !allowedParents.has(parentTag)) {
          if (!(tag === 'li' && blank(child))) report(child, `<${tag}> outside <${[...allowedParents].join('> or <')}> unwrapped (its content is kept)`);
          parent.children.splice(i, 1, ...(tag === 'li' && blank(child) ? [] : (child.children as ElementContent[])));
          i--;
          continue;
        }
        if (inPhrasing && FLOW_ONLY.has(tag)) {
          report(child, `<${tag}> inside <${parentTag}> unwrapped: only inline content is allowed there`);
          parent.children.splice(i, 1, ...(tag === 'hr' ? [] : (child.children as ElementContent[])));
          i--;
          continue;
        }
        if (flow && !inPhrasing && HOISTABLE.has(tag) && hasFlow(child)) {
          report(child, `<${tag}> around blocks removed (an unclosed inline element in raw HTML?)`);
          parent.children.splice(i, 1, ...(child.children as ElementContent[]));
          i--;
          continue;
        }
        if (tag === 'ul' || tag === 'ol') fixList(child, ['li'], 'li', report);
        if (tag === 'dl') fixList(child, ['dt', 'dd', 'div'], 'dd', report);
        const childPhrasing = inPhrasing || PHRASING_ONLY.has(tag);
        fix(child, flow && !PHRASING_ONLY.has(tag), childPhrasing);
      }
    };
    fix(tree, true, false);
  };
}

/** A list holds only its items (`li`; `dt`/`dd`): blank wrappers go, anything else moves into an item. */
function fixList(list: Element, items: ReadonlyArray<string>, wrapper: string, report: (node: Element, reason: string) => void): void {
  const children: ElementContent[] = [];
  for (const c of list.children) {
    if (c.type === 'element' && items.includes(c.tagName)) children.push(c);
    else if (c.type === 'comment' || blank(c)) {
      if (c.type === 'text') children.push(c);
    } else {
      if (c.type === 'element') report(c, `<${c.tagName}> directly inside <${list.tagName}> moved into a list item`);
      const previous = children.findLast((x): x is Element => x.type === 'element' && x.tagName === wrapper);
      if (previous) previous.children.push(c);
      else children.push(h(wrapper, [c]));
    }
  }
  list.children = children;
}
