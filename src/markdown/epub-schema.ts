import type { Schema } from 'hast-util-sanitize';

const aria = ['role', 'ariaLabel', 'ariaLabelledBy', 'ariaDescribedBy', 'ariaHidden'];

/**
 * What raw HTML and plugins may leave in a chapter: elements and attributes valid in EPUB 3 XHTML
 * and harmless in the print page (no scripts, frames, forms, event handlers, inline styles, or
 * URLs with schemes other than http, https and mailto).
 */
export const epubSchema: Schema = {
  strip: ['script', 'style', 'template', 'noscript', 'iframe', 'object', 'embed', 'frame', 'frameset', 'applet', 'title', 'head', 'link', 'meta', 'base', 'textarea', 'select', 'button'],
  clobberPrefix: '',
  clobber: [],
  allowComments: false,
  allowDoctypes: false,
  tagNames: [
    'a', 'abbr', 'address', 'article', 'aside', 'b', 'bdi', 'bdo', 'blockquote', 'br', 'caption', 'cite', 'code',
    'col', 'colgroup', 'dd', 'del', 'details', 'dfn', 'div', 'dl', 'dt', 'em', 'figcaption', 'figure', 'footer',
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'i', 'img', 'input', 'ins', 'kbd', 'li', 'mark', 'nav', 'ol', 'p',
    'pre', 'q', 'rp', 'rt', 'ruby', 's', 'samp', 'section', 'small', 'span', 'strong', 'sub', 'summary', 'sup',
    'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'time', 'tr', 'u', 'ul', 'var', 'wbr',
  ],
  attributes: {
    '*': ['id', 'className', 'lang', 'dir', 'title', 'data*', ...aria],
    a: ['href'],
    img: ['src', 'alt'],
    blockquote: ['cite'],
    q: ['cite'],
    del: ['cite', 'dateTime'],
    ins: ['cite', 'dateTime'],
    time: ['dateTime'],
    ol: ['start', 'reversed', 'type'],
    li: ['value'],
    td: ['colSpan', 'rowSpan', 'headers'],
    th: ['colSpan', 'rowSpan', 'headers', 'scope', 'abbr'],
    col: ['span'],
    colgroup: ['span'],
    details: ['open'],
    input: [['type', 'checkbox'], ['disabled', true], 'checked'],
  },
  required: { input: { type: 'checkbox', disabled: true } },
  protocols: { href: ['http', 'https', 'mailto'], cite: ['http', 'https'], src: [] },
  ancestors: { tbody: ['table'], td: ['table'], th: ['table'], thead: ['table'], tfoot: ['table'], tr: ['table'], caption: ['table'], col: ['table'], colgroup: ['table'] },
};
