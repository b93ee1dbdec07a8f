import type { Element, ElementContent, Root } from 'hast';
import { addClass, classList } from '../markdown/class-list.js';

/** An address written out in code: a scheme or `www.`, and long. */
const URL_TEXT = /^(https?:\/\/|www\.)\S{12,}$/;

/** Below this many characters, an address fits a line well enough as it is. */
const LONG_ADDRESS = 24;

/** The class of a paragraph holding a long address: set ragged, not justified (see below). */
export const HAS_ADDRESS_CLASS = 'has-address';

/**
 * Splits an address into pieces after which a line may break, where typographers break
 * addresses (Chicago): after `//` and a colon, before a single `/` and before `. - _ ? # % ~ & =`.
 */
export function urlBreakPoints(url: string): string[] {
  return url.split(/(?<=[^/]\/\/|:(?!\/))|(?<=[^/:])(?=[/.\-_?#%~&=])/).filter((s) => s !== '');
}

/** Whether a link's text is an address to break: long, no spaces, with a dot or slash. */
const isLinkAddress = (text: string) => text.length >= LONG_ADDRESS && /[/.]/.test(text) && !/\s/.test(text.trim());

/**
 * For print: lets long addresses shown as text (a link's text, an address or a path in inline
 * code) break at those points (`<wbr>`: no hyphen drawn, no character added to the text), and
 * sets the paragraph holding one, or any long token of inline code, ragged (`.has-address`): a
 * justified line ending before a long word that does not fit is otherwise stretched to a few
 * words with wide gaps.
 */
export function breakUrls(tree: Root): void {
  const walk = (node: Root | Element, paragraph: Element | undefined) => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      const isParagraph = child.tagName === 'p' || (child.tagName === 'div' && classList(child).includes('note-p'));
      if (child.tagName === 'a' || child.tagName === 'code') {
        let broken = false;
        // Inline code in a paragraph: a long path breaks like an address; any long token sets the paragraph ragged.
        const inline = child.tagName === 'code' && paragraph !== undefined;
        if (inline && child.children.some((c) => c.type === 'text' && c.value.split(/\s+/).some((token) => token.length >= LONG_ADDRESS))) broken = true;
        child.children = child.children.flatMap((c): ElementContent[] => {
          if (c.type !== 'text' || !(child.tagName === 'a' ? isLinkAddress(c.value) : URL_TEXT.test(c.value) || (inline && isLinkAddress(c.value)))) return [c];
          broken = true;
          return urlBreakPoints(c.value).flatMap((piece, i): ElementContent[] => (i === 0 ? [{ type: 'text', value: piece }] : [{ type: 'element', tagName: 'wbr', properties: {}, children: [] }, { type: 'text', value: piece }]));
        });
        if (broken && paragraph) addClass(paragraph, HAS_ADDRESS_CLASS);
      }
      walk(child, isParagraph ? child : paragraph);
    }
  };
  walk(tree, undefined);
}
