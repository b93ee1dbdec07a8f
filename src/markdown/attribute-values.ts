/**
 * Attribute values EPUB 3 XHTML accepts, for what raw HTML may carry: a value EPUBCheck would
 * reject is dropped (and reported) rather than kept. Property names are hast's (`colSpan`).
 */

const ROLES = new Set(
  (
    'alert alertdialog application article banner blockquote button caption cell checkbox code columnheader combobox complementary contentinfo ' +
    'definition deletion dialog directory document emphasis feed figure form generic grid gridcell group heading img insertion link list listbox ' +
    'listitem log main marquee math menu menubar menuitem menuitemcheckbox menuitemradio meter navigation none note option paragraph presentation ' +
    'progressbar radio radiogroup region row rowgroup rowheader scrollbar search searchbox separator slider spinbutton status strong subscript ' +
    'superscript switch tab table tablist tabpanel term textbox time timer toolbar tooltip tree treegrid treeitem ' +
    'doc-abstract doc-acknowledgments doc-afterword doc-appendix doc-backlink doc-biblioentry doc-bibliography doc-biblioref doc-chapter ' +
    'doc-colophon doc-conclusion doc-cover doc-credit doc-credits doc-dedication doc-endnote doc-endnotes doc-epigraph doc-epilogue doc-errata ' +
    'doc-example doc-footnote doc-foreword doc-glossary doc-glossref doc-index doc-introduction doc-noteref doc-notice doc-pagebreak doc-pagelist ' +
    'doc-part doc-preface doc-prologue doc-pullquote doc-qna doc-subtitle doc-tip doc-toc'
  ).split(' '),
);

const INTEGER = /^-?\d{1,9}$/;
const POSITIVE = /^0*[1-9]\d{0,8}$/;
const NON_NEGATIVE = /^\d{1,9}$/;
const BCP47 = /^[a-z]{1,8}(-[a-z0-9]{1,8})*$/i;
/** HTML's date, month, year, time, local and global date-time, week and duration strings (in substance). */
const DATETIME = new RegExp(
  '^(' +
    [
      '\\d{4,}(-\\d{2}(-\\d{2})?)?',
      '\\d{4,}-W\\d{2}',
      '--\\d{2}-\\d{2}',
      '\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?',
      '\\d{4,}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:?\\d{2})?',
      'Z|[+-]\\d{2}:?\\d{2}',
      'P(\\d+D)?(T(\\d+H)?(\\d+M)?(\\d+(\\.\\d{1,3})?S)?)?',
      '(\\d+[wdhms] ?)+',
    ].join('|') +
    ')$',
);
const ARIA_BOOLEAN = new Set(['ariaHidden', 'ariaAtomic', 'ariaBusy', 'ariaDisabled', 'ariaModal', 'ariaMultiline', 'ariaMultiselectable', 'ariaReadOnly', 'ariaRequired']);

/** What a value must look like, by element (`*`: any) and property. */
const RULES: Record<string, Record<string, (value: string) => boolean>> = {
  '*': {
    dir: (v) => /^(ltr|rtl|auto)$/.test(v),
    lang: (v) => v === '' || BCP47.test(v),
    xmlLang: (v) => v === '' || BCP47.test(v),
  },
  ol: { start: (v) => INTEGER.test(v), type: (v) => /^[1aAiI]$/.test(v) },
  li: { value: (v) => INTEGER.test(v) },
  td: { colSpan: (v) => POSITIVE.test(v) && Number(v) <= 1000, rowSpan: (v) => NON_NEGATIVE.test(v) && Number(v) <= 65534 },
  th: { colSpan: (v) => POSITIVE.test(v) && Number(v) <= 1000, rowSpan: (v) => NON_NEGATIVE.test(v) && Number(v) <= 65534, scope: (v) => /^(row|col|rowgroup|colgroup)$/.test(v) },
  col: { span: (v) => POSITIVE.test(v) && Number(v) <= 1000 },
  colgroup: { span: (v) => POSITIVE.test(v) && Number(v) <= 1000 },
  time: { dateTime: (v) => DATETIME.test(v.trim()) },
  del: { dateTime: (v) => DATETIME.test(v.trim()) },
  ins: { dateTime: (v) => DATETIME.test(v.trim()) },
};

/** MathML attributes with a fixed set of values, and the lengths MathML accepts. */
const MATH_BOOLEAN = new Set(['displaystyle', 'fence', 'separator', 'stretchy', 'symmetric', 'largeop', 'movablelimits', 'accent', 'accentunder']);
const MATH_LENGTH = /^\s*(-?(\d+(\.\d*)?|\.\d+)(em|ex|px|in|cm|mm|pt|pc|%)?|((negative)?(very){0,2}(thin|thick)mathspace|(negative)?mediummathspace)|[+-]?(\d+(\.\d*)?|\.\d+)\s*(width|height|depth|lspace)?)\s*$/;
const MATH_RULES: Record<string, (value: string) => boolean> = {
  display: (v) => /^(block|inline)$/.test(v),
  form: (v) => /^(prefix|infix|postfix)$/.test(v),
  columnalign: (v) => /^\s*((left|center|right)\s*)+$/.test(v),
  columnspan: (v) => POSITIVE.test(v),
  rowspan: (v) => POSITIVE.test(v),
  scriptlevel: (v) => /^[+-]?\d+$/.test(v),
  mathvariant: (v) => /^(normal|bold|italic|bold-italic|double-struck|bold-fraktur|script|bold-script|fraktur|sans-serif|bold-sans-serif|sans-serif-italic|sans-serif-bold-italic|monospace|initial|tailed|looped|stretched)$/.test(v),
  notation: (v) => /^\s*((longdiv|actuarial|radical|box|roundedbox|circle|left|right|top|bottom|updiagonalstrike|downdiagonalstrike|verticalstrike|horizontalstrike|madruwb|updiagonalarrow|phasorangle)\s*)+$/.test(v),
};
for (const name of ['width', 'height', 'depth', 'lspace', 'rspace', 'voffset', 'minsize', 'maxsize', 'linethickness', 'rowspacing', 'columnspacing']) {
  MATH_RULES[name] = (v) => v.split(/\s+/).filter(Boolean).every((part) => MATH_LENGTH.test(part) || /^(thin|medium|thick|infinity)$/.test(part));
}
for (const name of MATH_BOOLEAN) MATH_RULES[name] = (v) => /^(true|false)$/.test(v);

/** The roles of a `role` value EPUB knows (unknown tokens dropped); empty when none. */
export function validRoles(value: string): string {
  return value
    .split(/\s+/)
    .filter((r) => ROLES.has(r))
    .join(' ');
}

/**
 * Whether an attribute value is acceptable on an element: true when no rule applies. `math`:
 * the element is MathML (its attribute names are kept as written).
 */
export function validValue(tag: string, property: string, value: unknown, math: boolean): boolean {
  const text = Array.isArray(value) ? value.join(' ') : String(value);
  if (math) return MATH_RULES[property]?.(text) ?? true;
  if (ARIA_BOOLEAN.has(property)) return /^(true|false)$/.test(text);
  if (property === 'ariaChecked' || property === 'ariaPressed') return /^(true|false|mixed|undefined)$/.test(text);
  if (property === 'ariaExpanded' || property === 'ariaSelected') return /^(true|false|undefined)$/.test(text);
  const rule = RULES[tag]?.[property] ?? RULES['*']![property];
  return rule ? rule(text) : true;
}

/** Properties whose value lists ids of the same document. */
export const ID_REFERENCES = ['ariaDescribedBy', 'ariaLabelledBy', 'ariaControls', 'ariaOwns', 'ariaFlowTo', 'ariaActiveDescendant', 'ariaDetails', 'ariaErrorMessage', 'headers'];

/**
 * A link target made a valid URI, or undefined when it cannot be one: web addresses normalised
 * (spaces and other characters URIs cannot hold percent-encoded, host names to ASCII, `\` to `/`),
 * a `%` that starts no escape encoded, a second `#` encoded, `//host` given https; `mailto:`
 * without an address dropped. Other relative links are percent-encoded the same way.
 */
export function normalizeUrl(raw: string): string | undefined {
  let value = raw.trim();
  if (value.startsWith('//')) value = `https:${value}`;
  if (/^mailto:/i.test(value)) {
    const address = value.slice('mailto:'.length);
    if (address.trim() === '' || /\s/.test(decodeSafely(address))) return undefined;
  }
  // Already a valid URI (and no percent-encoded host name, as Markdown makes of an IDN): kept exactly as written.
  if (/^[\x21-\x7e]*$/.test(value) && !/[<>"{}|\\^`]|%(?![0-9a-f]{2})/i.test(value) && value.split('#').length <= 2 && !/^https?:\/\/[^/?#]*%/i.test(value)) return value;
  if (/^(https?|mailto):/i.test(value)) {
    try {
      value = new URL(value).href;
    } catch {
      return undefined;
    }
  }
  // A fragment may hold one `#`; `%` must start an escape; characters URIs cannot hold are escaped.
  const hash = value.indexOf('#');
  if (hash >= 0) value = value.slice(0, hash + 1) + value.slice(hash + 1).replaceAll('#', '%23');
  value = value.replace(/%(?![0-9a-f]{2})/gi, '%25');
  return value.replace(/[\s<>"{}|\\^`\u0000-\u001f\u007f]/gu, (c) => encodeURIComponent(c));
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
