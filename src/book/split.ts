import type { Element, ElementContent, Root, RootContent } from 'hast';
import { visit } from 'unist-util-visit';
import { classList } from '../markdown/class-list.js';

const isChapterHeading = (node: RootContent): node is Element => node.type === 'element' && node.tagName === 'h1';
const isNotesSection = (node: RootContent): node is Element => node.type === 'element' && node.tagName === 'section' && classList(node).includes('footnotes');

/** Whether nodes show anything: an element other than the title's note references, or text that is not white space. */
function showsSomething(nodes: readonly RootContent[]): boolean {
  return nodes.some((n) => (n.type === 'text' && n.value.trim() !== '') || (n.type === 'element' && !classList(n).includes('title-notes') && !classList(n).includes('byline-notes')));
}

/** The notes a tree cites (`#fn-…` of its note references), in order. */
function citedNotes(nodes: readonly (RootContent | ElementContent)[]): string[] {
  const ids: string[] = [];
  for (const node of nodes) {
    if (node.type !== 'element') continue;
    visit(node, 'element', (el: Element) => {
      const href = el.properties.href;
      if (el.properties.role === 'doc-noteref' && typeof href === 'string' && href.startsWith('#')) ids.push(decodeURIComponent(href.slice(1)));
    });
  }
  return ids;
}

/**
 * A one-file book written as a whole book: two or more level-1 headings at the top of its tree
 * (once a title block has taken its title) are its chapters, as pandoc splits an EPUB. Returns the
 * chapters' trees, each from its heading to the next (what comes before the first, if it shows
 * anything, is a chapter of its own, with no heading), each with the notes it cites (a note cited
 * in a note goes with it; one cited nowhere, with the last chapter), and whether the first is such
 * an opening without a heading. Undefined when the tree has fewer than two such headings: it is
 * one chapter.
 */
export function splitAtChapterHeadings(tree: Root): { chapters: Root[]; opening: boolean } | undefined {
  if (tree.children.filter(isChapterHeading).length < 2) return undefined;
  const notes = tree.children.find(isNotesSection);
  const parts: RootContent[][] = [[]];
  for (const node of tree.children) {
    if (node === notes) continue;
    // A heading starts a chapter, unless all before it is the title's note references (they stay with it).
    if (isChapterHeading(node) && showsSomething(parts.at(-1)!)) parts.push([]);
    parts.at(-1)!.push(node);
  }
  const opening = !parts[0]!.some(isChapterHeading);
  if (notes === undefined) return { chapters: parts.map((children) => ({ type: 'root', children })), opening };
  const asides = new Map<string, Element>();
  for (const child of notes.children) if (child.type === 'element' && typeof child.properties.id === 'string') asides.set(child.properties.id, child);
  const rule = notes.children.find((c) => c.type === 'element' && c.tagName === 'hr');
  const taken = parts.map((children) => {
    const mine: Element[] = [];
    for (let queue = citedNotes(children); queue.length > 0; ) {
      const aside = asides.get(queue.shift()!);
      if (aside === undefined) continue;
      asides.delete(String(aside.properties.id));
      mine.push(aside);
      queue.push(...citedNotes([aside]));
    }
    return mine;
  });
  taken.at(-1)!.push(...asides.values());
  const chapters = parts.map((children, i): Root => {
    const own = taken[i]!;
    const section: Element = { ...notes, properties: { ...notes.properties }, children: [...(rule ? [structuredClone(rule)] : []), ...own] };
    return { type: 'root', children: own.length > 0 ? [...children, section] : children };
  });
  return { chapters, opening };
}
