import { roleIndex } from './role-index.js';

/**
 * Attribute values EPUB 3 XHTML accepts, for what raw HTML may carry: a value EPUBCheck would
 * reject is dropped (and reported) rather than kept. Property names are hast's (`colSpan`).
 */

const INTEGER = /^-?\d{1,9}$/;
const POSITIVE = /^0*[1-9]\d{0,8}$/;
const NON_NEGATIVE = /^\d{1,9}$/;
const BCP47 = /^[a-z]{1,8}(-[a-z0-9]{1,8})*$/i;
// The datetime forms EPUBCheck's HTML schema accepts (its datatypes' own patterns): `del`/`ins`
// take a date or a date and time; `time` also a year, month, week, yearless date, time or duration.
const DATE = '\\d{4,}-\\d{2}-\\d{2}';
const DATE_TIME = `${DATE}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:?\\d{2})?`;
const SECONDS = '\\d+(\\.\\d{1,3})?S';
const DURATION = `P\\d+D|P(\\d+D)?T(\\d+H(\\d+M)?(${SECONDS})?|(\\d+H)?\\d+M(${SECONDS})?|(\\d+H)?(\\d+M)?${SECONDS})|( *(\\d+ *[WDHM]|\\d+(\\.\\d{1,3})? *S) *)+`;
const DATE_OR_DATE_TIME = new RegExp(`^(${DATE}|${DATE_TIME})$`);
const TIME_DATETIME = new RegExp(
  `^(${[DATE, DATE_TIME, '\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?', '\\d{4}', '\\d{4,}-\\d{2}', DURATION, '(--)?(0\\d|1[0-2])-(0\\d|[12]\\d|3[01])', '\\d{4,}-W\\d{2}'].join('|')})$`,
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
  // HTML's image dimensions: CSS pixels, a whole number (not "50%", not "650px").
  img: { width: (v) => NON_NEGATIVE.test(v.trim()), height: (v) => NON_NEGATIVE.test(v.trim()) },
  li: { value: (v) => INTEGER.test(v) },
  td: { colSpan: (v) => POSITIVE.test(v) && Number(v) <= 1000, rowSpan: (v) => NON_NEGATIVE.test(v) && Number(v) <= 65534 },
  th: { colSpan: (v) => POSITIVE.test(v) && Number(v) <= 1000, rowSpan: (v) => NON_NEGATIVE.test(v) && Number(v) <= 65534, scope: (v) => /^(row|col|rowgroup|colgroup)$/.test(v) },
  col: { span: (v) => POSITIVE.test(v) && Number(v) <= 1000 },
  colgroup: { span: (v) => POSITIVE.test(v) && Number(v) <= 1000 },
  time: { dateTime: (v) => TIME_DATETIME.test(v.trim()) },
  del: { dateTime: (v) => DATE_OR_DATE_TIME.test(v.trim()) },
  ins: { dateTime: (v) => DATE_OR_DATE_TIME.test(v.trim()) },
};

/** MathML values, as EPUB's MathML 3 schema writes them: lengths, `mpadded`'s lengths, colours. */
const NAMED_SPACE = '(negative)?((very){0,2}thi(n|ck)|medium)mathspace';
const MATH_LENGTH = new RegExp(`^\\s*((-?\\d*(\\d\\.?|\\.\\d)\\d*(e[mx]|in|cm|mm|p[xtc]|%)?)|${NAMED_SPACE})\\s*$`);
const MPADDED_LENGTH = new RegExp(`^\\s*([+-]?\\d*(\\d\\.?|\\.\\d)\\d*\\s*((%?\\s*(height|depth|width)?)|e[mx]|in|cm|mm|p[xtc]|${NAMED_SPACE})?)\\s*$`);
const MATH_COLOR = /^\s*(#[0-9a-f]{3}([0-9a-f]{3})?|aqua|black|blue|fuchsia|gray|green|lime|maroon|navy|olive|purple|red|silver|teal|white|yellow)\s*$/i;
const length = (v: string) => MATH_LENGTH.test(v);
const lengths = (v: string) => v.trim() !== '' && v.trim().split(/\s+/).every(length);
const ALIGN = /^(left|center|right)$/;
const MATH_BOOLEAN = new Set(['displaystyle', 'fence', 'separator', 'stretchy', 'symmetric', 'largeop', 'movablelimits', 'accent', 'accentunder']);
const MATH_RULES: Record<string, (value: string, tag: string) => boolean> = {
  display: (v) => /^(block|inline)$/.test(v),
  form: (v) => /^(prefix|infix|postfix)$/.test(v),
  // One value on a cell, a list on a table or row.
  columnalign: (v, tag) => (tag === 'mtd' ? ALIGN.test(v.trim()) : v.trim() !== '' && v.trim().split(/\s+/).every((a) => ALIGN.test(a))),
  columnspan: (v) => POSITIVE.test(v),
  rowspan: (v) => POSITIVE.test(v),
  scriptlevel: (v) => /^[+-]?\d+$/.test(v),
  mathvariant: (v) => /^(normal|bold|italic|bold-italic|double-struck|bold-fraktur|script|bold-script|fraktur|sans-serif|bold-sans-serif|sans-serif-italic|sans-serif-bold-italic|monospace|initial|tailed|looped|stretched)$/.test(v),
  notation: (v) => /^\s*((longdiv|actuarial|radical|box|roundedbox|circle|left|right|top|bottom|updiagonalstrike|downdiagonalstrike|verticalstrike|horizontalstrike|madruwb|updiagonalarrow|phasorangle)\s*)+$/.test(v),
  lspace: (v, tag) => (tag === 'mpadded' ? MPADDED_LENGTH.test(v) : length(v)),
  rspace: length,
  minsize: length,
  maxsize: (v) => v.trim() === 'infinity' || length(v),
  linethickness: (v) => /^\s*(thin|medium|thick)\s*$/.test(v) || length(v),
  voffset: (v) => MPADDED_LENGTH.test(v),
  width: (v, tag) => (tag === 'mpadded' ? MPADDED_LENGTH.test(v) : (tag === 'mtable' && v.trim() === 'auto') || length(v)),
  height: (v, tag) => (tag === 'mpadded' ? MPADDED_LENGTH.test(v) : length(v)),
  depth: (v, tag) => (tag === 'mpadded' ? MPADDED_LENGTH.test(v) : length(v)),
  rowspacing: lengths,
  columnspacing: lengths,
  mathcolor: (v) => MATH_COLOR.test(v),
  mathbackground: (v) => v.trim() === 'transparent' || MATH_COLOR.test(v),
  color: (v) => MATH_COLOR.test(v),
  background: (v) => v.trim() === 'transparent' || MATH_COLOR.test(v),
};
for (const name of MATH_BOOLEAN) MATH_RULES[name] = (v) => /^(true|false)$/.test(v);

const ROLES = new Map(Object.entries(roleIndex).map(([tag, roles]) => [tag, new Set(roles.split(' '))]));

/**
 * The role a `role` value keeps on an element: its first token EPUBCheck accepts there (a list of
 * fallbacks is one role to a reader, and EPUB's schema takes one token); empty when none. MathML
 * elements and a decorative image (`alt=""`) keep none.
 */
export function validRole(tag: string, value: string, options: { math: boolean; decorative: boolean }): string {
  if (options.math || options.decorative) return '';
  const accepted = ROLES.get(tag) ?? ROLES.get('*')!;
  return value.split(/\s+/).find((r) => accepted.has(r)) ?? '';
}

/**
 * Whether an attribute value is acceptable on an element: true when no rule applies. `math`:
 * the element is MathML (its attribute names are kept as written).
 */
export function validValue(tag: string, property: string, value: unknown, math: boolean): boolean {
  const text = Array.isArray(value) ? value.join(' ') : String(value);
  if (math) return MATH_RULES[property]?.(text, tag) ?? true;
  if (ARIA_BOOLEAN.has(property)) return /^(true|false)$/.test(text);
  if (property === 'ariaLevel') return POSITIVE.test(text);
  if (property === 'ariaChecked' || property === 'ariaPressed') return /^(true|false|mixed|undefined)$/.test(text);
  if (property === 'ariaExpanded' || property === 'ariaSelected') return /^(true|false|undefined)$/.test(text);
  const rule = RULES[tag]?.[property] ?? RULES['*']![property];
  return rule ? rule(text) : true;
}

/** Properties whose value lists ids of the same document. */
export const ID_REFERENCES = ['ariaDescribedBy', 'ariaLabelledBy', 'ariaControls', 'ariaOwns', 'ariaFlowTo', 'ariaActiveDescendant', 'ariaDetails', 'ariaErrorMessage', 'headers'];

/** Markdown percent-encodes the brackets of an IPv6 host (`http://[::1]/`); a host holds no escapes: they are put back. */
export function hostBrackets(url: string): string {
  return url.replace(/^(https?:\/\/[^/?#]*)/i, (authority) => authority.replace(/%5B/gi, '[').replace(/%5D/gi, ']'));
}

/**
 * A link target made a valid URI, or undefined when it cannot be one: web addresses normalised
 * (spaces and other characters URIs cannot hold percent-encoded, host names to ASCII, `\` to `/`),
 * a `%` that starts no escape encoded, a second `#` encoded, `//host` given https; `mailto:`
 * without an address dropped. Other relative links are percent-encoded the same way.
 */
export function normalizeUrl(raw: string): string | undefined {
  // A scheme is case-insensitive, but readers and the sanitizer look for `https:`: `HTTP://X` is `http://X`.
  let value = raw.trim().replace(/^[a-z][a-z0-9+.-]*:/i, (scheme) => scheme.toLowerCase());
  if (value.startsWith('//')) value = `https:${value}`;
  value = hostBrackets(value);
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
