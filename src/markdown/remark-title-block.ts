import type { FootnoteReference, Heading, Paragraph, Root, RootContent } from 'mdast';
import { visit } from 'unist-util-visit';
import { toString } from 'mdast-util-to-string';
import type { VFile } from 'vfile';
import { parseDate } from './parse-date.js';
import type { TitleBlock } from './data.js';
import { visibleText } from './xml-chars.js';

const BYLINE = /^by\s+(.+)$/i;

/** Classes of the spans that carry the note references of a title heading and a byline to the title block. */
export const TITLE_NOTES_CLASS = 'title-notes';
export const BYLINE_NOTES_CLASS = 'byline-notes';
const MAX_BLOCK_NODES = 4;

/** Splits `A, B and C` into names. */
function splitAuthors(text: string): string[] {
  return text
    .split(/\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*/i)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** A byline names people: each name short and capitalised (`By the time we arrived…` is prose). */
function bylineAuthors(text: string): string[] | undefined {
  const m = BYLINE.exec(text);
  if (!m) return undefined;
  const names = splitAuthors(m[1]!);
  const looksLikeName = (n: string) =>
    /^\p{Lu}/u.test(n) && n.split(/\s+/).length <= 5 && !/[!?;:]$/.test(n) && !/\p{L}{4,}\.$/u.test(n);
  return names.length > 0 && names.every(looksLikeName) ? names : undefined;
}

/** A heading's text for the book's title: raw HTML tags are not text (a `<br>` reads as a space). */
function headingText(heading: Heading): string {
  const text = heading.children.map((c) => (c.type === 'html' ? (/^<br\b/i.test(c.value) ? ' ' : '') : toString(c, { includeHtml: false }))).join('');
  return visibleText(text);
}

function isShortParagraph(node: RootContent): node is Paragraph {
  return node.type === 'paragraph' && toString(node).length <= 160 && !toString(node).includes('\n');
}

/**
 * Finds a title block at the top of a manuscript with no front matter title: the first level-1
 * heading, then a `By …` line and a date line in either order. It is stored on
 * `file.data.colophon.titleBlock` and removed from the body (the edition typesets it from metadata).
 * Only runs when `file.data.colophon.inferTitleBlock` is set.
 */
export function remarkTitleBlock() {
  return (tree: Root, file: VFile) => {
    const data = file.data.colophon;
    if (!data?.inferTitleBlock) return;
    const block: TitleBlock = {};
    const first = tree.children[0];
    let taken = 0;
    let byline: number | undefined;
    // A heading with nothing to read (`#`, `# ![](logo.png)`) is no title: it stays in the body.
    const title = first?.type === 'heading' && first.depth === 1 ? headingText(first) : '';
    if (title !== '') {
      const known = data.frontMatter?.title ?? data.knownTitle;
      if (known === undefined || visibleText(known) === title) {
        block.title = title;
        taken = 1;
      }
    }
    for (let i = taken; i < Math.min(tree.children.length, taken + MAX_BLOCK_NODES); i++) {
      const node = tree.children[i]!;
      if (!isShortParagraph(node)) break;
      const text = toString(node).trim();
      const authors = bylineAuthors(text);
      const date = parseDate(text);
      if (authors && block.authors === undefined) {
        block.authors = authors;
        byline = i;
      } else if (date !== undefined && block.date === undefined) block.date = date;
      else break;
      taken = i + 1;
    }
    if (taken === 0) return;
    // Notes on the title (`# Title[^1]`) or the byline stay: the editions set them after the title
    // and the byline they typeset.
    const notes = { [TITLE_NOTES_CLASS]: [] as FootnoteReference[], [BYLINE_NOTES_CLASS]: [] as FootnoteReference[] };
    tree.children.slice(0, taken).forEach((node, i) => {
      visit(node, 'footnoteReference', (ref: FootnoteReference) => void notes[i === byline ? BYLINE_NOTES_CLASS : TITLE_NOTES_CLASS].push(ref));
    });
    tree.children.splice(0, taken);
    for (const [className, refs] of Object.entries(notes).reverse()) {
      if (refs.length > 0) tree.children.unshift({ type: 'titleNotes', children: refs, data: { hName: 'span', hProperties: { className: [className] } } } as unknown as RootContent);
    }
    data.titleBlock = block;
  };
}
