import type { FootnoteDefinition, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { pointIn } from './text-position.js';

/**
 * Reports links whose target is empty (`[text]()`, `[text](#)`) and keeps only their text, since a
 * link that goes nowhere is a defect in both editions.
 */
export function remarkEmptyLinks() {
  return (tree: Root, file: VFile) => {
    // A note reference without its note stays text (`[^nope]`): say so, it is most likely a typo.
    let unreadable = 0;
    visit(tree, 'text', (node) => {
      // U+FFFD: a control character the manuscript had (read-text.ts), or text a wrong encoding
      // damaged. Said once, at the first.
      const bad = node.value.indexOf('\uFFFD');
      if (bad >= 0 && unreadable++ === 0) {
        const place = node.position ? pointIn(node, bad) : undefined;
        file.message('unreadable character (U+FFFD) in the text: a control character, or text damaged by a wrong encoding — fix it in the manuscript', { ...(place ? { place } : {}), ruleId: 'unreadable-character', source: 'colophon' });
      }
      for (const m of node.value.matchAll(/\[\^([^\]\s]+)\](?!:)/g)) {
        const place = node.position ? { line: node.position.start.line, column: node.position.start.column + m.index } : undefined;
        file.message(`note reference [^${m[1]}] has no note ("[^${m[1]}]: …" anywhere in the file); it is shown as written`, { ...(place ? { place } : {}), ruleId: 'note-missing', source: 'colophon' });
      }
    });
    // An HTML comment never closed runs to the end of the file (or of its list or quotation),
    // silently hiding everything after it: a comment is dropped, so say so.
    visit(tree, 'html', (node, index, parent) => {
      // A CDATA section is literal text in XML; an HTML parser takes it for a comment and drops it
      // (or cuts it at its first ">"): its text is kept as text, and said so.
      const cdata = /^<!\[CDATA\[([\s\S]*?)\]\]>$/.exec(node.value.trim());
      if (cdata && parent && index !== undefined) {
        file.message('CDATA section kept as plain text (HTML has none)', { ...(node.position ? { place: node.position.start } : {}), ruleId: 'html-cdata', source: 'colophon' });
        const text = { type: 'text' as const, value: cdata[1]!.trim() };
        const inline = !['root', 'blockquote', 'listItem', 'footnoteDefinition'].includes(parent.type);
        const replacement: RootContent = inline ? text : { type: 'paragraph', children: [text] };
        // (A block's parent takes the paragraph, a line's the text: the cast is to their common type.)
        (parent.children as RootContent[]).splice(index, 1, replacement);
        return [SKIP, index + 1];
      }
      if (!/^\s*<!--/.test(node.value) || node.value.includes('-->') || !node.position) return undefined;
      const hidden = node.value.split('\n').slice(1).filter((line) => line.trim() !== '').length;
      if (hidden > 0) file.message(`this HTML comment is never closed (no "-->"): ${hidden === 1 ? 'the line' : `the ${hidden} lines`} of text after it ${hidden === 1 ? 'is' : 'are'} hidden from the book — close it`, { place: node.position.start, ruleId: 'html-comment', source: 'colophon' });
    });
    // A note with nothing in it (`[^x]:` and no text): its number would lead to an empty note.
    const definitions: FootnoteDefinition[] = [];
    visit(tree, 'footnoteDefinition', (node) => {
      definitions.push(node);
      const hasContent = toString(node).trim() !== '' || node.children.some((c) => c.type !== 'paragraph' || c.children.some((p) => p.type !== 'text'));
      if (!hasContent) file.message(`note [^${node.label ?? node.identifier}] is empty: write its text after "[^${node.label ?? node.identifier}]:"`, { place: node.position, ruleId: 'note-empty', source: 'colophon' });
      return SKIP;
    });
    // A note never cited is in neither edition (as pandoc, which warns too): its text would be
    // lost without a word. (A reference inside raw HTML is not Markdown, so it cites nothing.)
    if (definitions.length > 0) {
      const cited = new Set<string>();
      visit(tree, 'footnoteReference', (node) => {
        cited.add(node.identifier);
      });
      for (const node of definitions) {
        if (cited.has(node.identifier)) continue;
        const label = node.label ?? node.identifier;
        file.message(`note [^${label}] is never cited, so its text is in neither edition: cite it with [^${label}] in the text (not inside raw HTML), or remove it`, { place: node.position?.start, ruleId: 'note-uncited', source: 'colophon' });
      }
    }
    visit(tree, 'link', (node, index, parent) => {
      if (node.url.trim() !== '' && node.url.trim() !== '#') return;
      file.message(`link "${node.children.map((c) => ('value' in c ? c.value : '')).join('')}" has an empty target ("${node.url}"); it is kept as plain text — give it a URL or remove the brackets`, {
        place: node.position,
        ruleId: 'empty-link',
        source: 'colophon',
      });
      if (parent && index !== undefined) {
        parent.children.splice(index, 1, ...node.children);
        return [SKIP, index];
      }
      return undefined;
    });
  };
}
