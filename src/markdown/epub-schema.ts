import type { Schema } from 'hast-util-sanitize';

const aria = ['role', 'ariaLabel', 'ariaLabelledBy', 'ariaDescribedBy', 'ariaHidden', 'ariaLevel'];

/** Presentation MathML (what temml writes and authors paste), valid in EPUB 3. */
export const mathmlTags = [
  'math', 'semantics', 'annotation', 'annotation-xml', 'mrow', 'mi', 'mn', 'mo', 'ms', 'mtext', 'mspace',
  'mfrac', 'msqrt', 'mroot', 'msup', 'msub', 'msubsup', 'munder', 'mover', 'munderover', 'mmultiscripts',
  'mprescripts', 'none', 'mtable', 'mtr', 'mtd', 'mlabeledtr', 'mstyle', 'mpadded', 'mphantom', 'menclose', 'merror',
];

/**
 * What raw HTML and plugins may leave in a chapter: elements and attributes valid in EPUB 3 XHTML
 * and harmless in the print page (no scripts, frames, forms, media, event handlers, inline styles,
 * or URLs with schemes other than http, https and mailto). The cleaning pass reports against it.
 */
export const epubSchema: Schema = {
  strip: ['script', 'style', 'template', 'noscript', 'iframe', 'object', 'embed', 'frame', 'frameset', 'noframes', 'applet', 'title', 'head', 'link', 'meta', 'base', 'textarea', 'select', 'button', 'input', 'option', 'audio', 'video', 'canvas', 'map', 'svg'],
  clobberPrefix: '',
  clobber: [],
  allowComments: false,
  allowDoctypes: false,
  tagNames: [
    'a', 'abbr', 'address', 'article', 'aside', 'b', 'bdi', 'bdo', 'blockquote', 'br', 'caption', 'cite', 'code',
    'col', 'colgroup', 'dd', 'del', 'details', 'dfn', 'div', 'dl', 'dt', 'em', 'figcaption', 'figure', 'footer',
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'i', 'img', 'ins', 'kbd', 'li', 'mark', 'nav', 'ol', 'p',
    'pre', 'q', 'rp', 'rt', 'ruby', 's', 'samp', 'section', 'small', 'span', 'strong', 'sub', 'summary', 'sup',
    'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'time', 'tr', 'u', 'ul', 'var', 'wbr',
    ...mathmlTags,
  ],
  attributes: {
    '*': ['id', 'className', 'lang', 'dir', 'title', 'hidden', 'data*', ...aria],
    a: ['href'],
    img: ['src', 'alt', 'width', 'height'],
    blockquote: ['cite'],
    q: ['cite'],
    del: ['cite', 'dateTime'],
    ins: ['cite', 'dateTime'],
    time: ['dateTime'],
    ol: ['start', 'reversed', 'type'],
    li: ['value'],
    td: ['colSpan', 'rowSpan', 'headers'],
    th: ['colSpan', 'rowSpan', 'headers', 'scope'],
    col: ['span'],
    colgroup: ['span'],
    details: ['open'],
    math: ['display', 'xmlns', 'alttext'],
    annotation: ['encoding'],
    'annotation-xml': ['encoding'],
    mo: ['fence', 'separator', 'stretchy', 'symmetric', 'largeop', 'movablelimits', 'accent', 'lspace', 'rspace', 'form', 'minsize', 'maxsize'],
    mfrac: ['linethickness'],
    mstyle: ['displaystyle', 'scriptlevel', 'mathvariant'],
    mi: ['mathvariant'],
    mn: ['mathvariant'],
    mtext: ['mathvariant'],
    mspace: ['width', 'height', 'depth'],
    mpadded: ['width', 'height', 'depth', 'lspace', 'voffset'],
    mtable: ['columnalign', 'rowspacing', 'columnspacing', 'displaystyle'],
    mtd: ['columnalign', 'columnspan', 'rowspan'],
    menclose: ['notation'],
    munder: ['accentunder'],
    mover: ['accent'],
    munderover: ['accent', 'accentunder'],
  },
  protocols: { href: ['http', 'https', 'mailto'], cite: ['http', 'https'] },
  ancestors: { tbody: ['table'], td: ['table'], th: ['table'], thead: ['table'], tfoot: ['table'], tr: ['table'], caption: ['table'], col: ['table'], colgroup: ['table'] },
};
