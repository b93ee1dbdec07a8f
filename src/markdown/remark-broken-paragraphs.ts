import type { Paragraph, Parent, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

/** Options for {@link remarkBrokenParagraphs}. */
export interface BrokenParagraphsOptions {
  /** Join the two halves into one paragraph. Default `true`. */
  join?: boolean;
}

// Closing characters that may legitimately end a paragraph.
const TERMINAL = /[.!?…:;"”’'»)\]}—–-]$/u;
const STARTS_LOWER = /^\p{Ll}/u;

function excerpt(text: string, fromEnd: boolean): string {
  const words = text.trim().split(/\s+/);
  return fromEnd ? words.slice(-3).join(' ') : words.slice(0, 3).join(' ');
}

/**
 * Finds a paragraph broken mid-sentence: it ends without terminal punctuation and the next
 * paragraph starts in lowercase (a stray blank line, common in text pasted from the web). Reports
 * it and, unless `join: false`, joins the two.
 */
export function remarkBrokenParagraphs(options: BrokenParagraphsOptions = {}) {
  const join = options.join ?? true;
  return (tree: Root, file: VFile) => {
    visit(tree, (node) => {
      if (!('children' in node)) return;
      const parent = node as Parent;
      for (let i = 0; i + 1 < parent.children.length; i++) {
        const a = parent.children[i]!;
        const b = parent.children[i + 1]!;
        if (a.type !== 'paragraph' || b.type !== 'paragraph') continue;
        // Only prose on both sides of the break: raw HTML, images or code at the seam are not sentences.
        if (a.children.at(-1)?.type !== 'text' || b.children[0]?.type !== 'text') continue;
        const head = toString(a).trimEnd();
        const tail = toString(b).trimStart();
        if (head === '' || TERMINAL.test(head) || !STARTS_LOWER.test(tail)) continue;
        const nextLine = b.position?.start.line;
        file.message(
          `paragraph ends mid-sentence ("…${excerpt(head, true)}") and the next one${nextLine ? ` (line ${nextLine})` : ''} starts in lowercase ("${excerpt(tail, false)}…")${join ? '; joined them' : ''} — remove the blank line between them`,
          { place: a.position, ruleId: 'broken-paragraph', source: 'colophon' },
        );
        if (!join) continue;
        const joined: Paragraph = { ...a, children: [...a.children, { type: 'text', value: ' ' }, ...b.children] };
        if (a.position && b.position) joined.position = { start: a.position.start, end: b.position.end };
        parent.children.splice(i, 2, joined);
        i--;
      }
    });
  };
}
