import type { Link, Parent, Root, Text } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { SKIP, visit } from 'unist-util-visit';

// Inline nodes whose content is not prose: they count as a non-space character for quote context.
const OPAQUE = new Set(['inlineCode', 'inlineMath', 'image', 'imageReference', 'footnoteReference', 'html', 'break']);
const OPENING_CONTEXT = /[\s([{\u2014\u2013/-]/u;
// Elisions that start with an apostrophe: ’tis, ’twas, ’em, ’n’, ’cause, rock ’n’ roll.
const LEADING_APOSTROPHE = /^'(?=(tis|twas|twere|em|cause|til|bout|round)\b|n')/i;

/** Curls straight quotes, given the character before each (start of block or space opens). */
function curl(text: string, before: string): string {
  let out = '';
  let prev = before;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const next = text[i + 1] ?? '';
    if (c === '"') {
      out += prev === '' || OPENING_CONTEXT.test(prev) ? '“' : '”';
    } else if (c === "'") {
      const opening = prev === '' || OPENING_CONTEXT.test(prev) || prev === '“';
      if (opening && (/\d/.test(next) || LEADING_APOSTROPHE.test(text.slice(i)))) out += '’'; // ’90s, ’tis
      else out += opening ? '‘' : '’';
    } else out += c;
    prev = c;
  }
  return out;
}

/** Dashes and ellipses: `---` em dash, `--` en dash, `...` ellipsis (as smartypants' oldschool mode). */
function punctuate(text: string): string {
  return text.replace(/---/g, '—').replace(/--/g, '–').replace(/\.\.\.|\. \. \./g, '…');
}

/**
 * Smart typography without a natural-language parser: curly quotes (context carried across
 * emphasis, links and other inline nodes of a block), apostrophes, en and em dashes, ellipses.
 * Code, math and raw HTML are left as written. Language-specific quotation marks are applied
 * later, once the book's language is known.
 */
/** A link showing its own address: an autolink, a bare `www.` or e-mail address, or text equal to the URL. */
function isAddress(link: Link): boolean {
  const text = toString(link);
  return text === link.url || text === link.url.replace(/^(https?:\/\/|mailto:)/i, '') || /^(https?:\/\/|www\.)\S+$/i.test(text);
}

export function remarkSmartTypography() {
  return (tree: Root) => {
    visit(tree, (node) => {
      if (node.type === 'code' || node.type === 'math' || node.type === 'html' || node.type === 'yaml') return SKIP;
      if (node.type !== 'paragraph' && node.type !== 'heading' && node.type !== 'tableCell' && (node.type as string) !== 'defListTerm') return undefined;
      let before = '';
      const walk = (parent: Parent) => {
        for (const child of parent.children) {
          if (child.type === 'text') {
            const t = child as Text;
            t.value = curl(punctuate(t.value), before);
            before = t.value.at(-1) ?? before;
          } else if (child.type === 'link' && isAddress(child as Link)) {
            // A link whose text is its address (`<https://…>`, `www.…`): the address is shown as written.
            before = 'x';
          } else if (OPAQUE.has(child.type)) {
            before = child.type === 'break' ? ' ' : 'x';
          } else if ('children' in child) walk(child as Parent);
        }
      };
      walk(node as Parent);
      return SKIP;
    });
  };
}
