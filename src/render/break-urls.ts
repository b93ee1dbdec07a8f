import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';

const URL_TEXT = /^(https?:\/\/|www\.)\S{12,}$/;

/** Splits a URL into pieces after which a line may break: after `/` and `//`, before `.`, `?`, `&`, `=`, `-`, `_`, `#`. */
export function urlBreakPoints(url: string): string[] {
  return url.split(/(?<=\/)(?!\/)|(?=[.?&=_#-])/).filter((s) => s !== '');
}

/**
 * For print: lets long URLs written as link text break at sensible points (`<wbr>`), so a
 * justified line is not stretched around an unbreakable URL. Adds no characters to the text.
 */
export function breakUrls(tree: Root): void {
  visit(tree, 'element', (node: Element) => {
    if (node.tagName !== 'a' && node.tagName !== 'code') return;
    node.children = node.children.flatMap((child): ElementContent[] => {
      if (child.type !== 'text' || !URL_TEXT.test(child.value)) return [child];
      const pieces = urlBreakPoints(child.value);
      return pieces.flatMap((piece, i) => (i === 0 ? [{ type: 'text' as const, value: piece }] : [h('wbr'), { type: 'text' as const, value: piece }]));
    });
  });
}
