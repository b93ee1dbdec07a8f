/** Characters XML 1.0 does not allow anywhere (C0 controls but tab and newlines, U+FFFE, U+FFFF, lone surrogates). */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** `text` without the characters XML cannot hold (they would vanish from the written book anyway). */
export function xmlChars(text: string): string {
  return text.replace(NOT_XML, '');
}

/**
 * Text as a reader will see it in a title, a label or a metadata field: characters XML cannot
 * hold dropped, runs of XML white space (tab, newlines, space) made one space, trimmed. Empty when
 * nothing visible is left.
 */
export function visibleText(text: string): string {
  return xmlChars(text).replace(/[\t\n\r ]+/g, ' ').trim();
}
