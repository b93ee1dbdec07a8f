/** One attribute in a pandoc / kramdown attribute list: `#id`, `.class`, `-` (pandoc's `.unnumbered`) or `key=value` (quoted or not; the key may have a prefix, as pandoc's `epub:type=prologue`). */
const TOKEN = /[#.][\w:-]+|-(?=[\s}])|[\w-]+(?::[\w-]+)?=(?:"[^"]*"|'[^']*'|[^\s}]*)/g;
const LIST = new RegExp(`^\\{\\s*(?:(?:${TOKEN.source})(?:\\s+|(?=\\})))*\\}`);

/** What an attribute list says: id, classes and the key/value pairs, as written. */
export interface Attributes {
  id?: string;
  classes: string[];
  pairs: Record<string, string>;
}

/**
 * Reads an attribute list (`{#id .class lang=fr width="50%"}`) at the start of `text`; undefined
 * when `text` does not start with one. `length` is how many characters it took.
 */
export function readAttributes(text: string): (Attributes & { length: number }) | undefined {
  const m = LIST.exec(text);
  if (!m) return undefined;
  const attributes: Attributes & { length: number } = { classes: [], pairs: {}, length: m[0].length };
  for (const token of m[0].match(TOKEN) ?? []) {
    if (token.startsWith('#')) attributes.id = token.slice(1);
    else if (token.startsWith('.')) attributes.classes.push(token.slice(1));
    else if (token === '-') attributes.classes.push('unnumbered');
    else {
      const [key, ...rest] = token.split('=');
      attributes.pairs[key!] = rest.join('=').replace(/^(["'])(.*)\1$/, '$2');
    }
  }
  return attributes;
}

/**
 * The HTML properties an attribute list gives an element: id, classes, and only the attributes
 * that mean something in a book (`lang`, `dir`, `title`); anything else would be dropped later.
 */
const KEPT = ['lang', 'dir', 'title'];

export function attributeProperties(attributes: Attributes): Record<string, string | string[]> {
  const props: Record<string, string | string[]> = {};
  if (attributes.id !== undefined) props.id = attributes.id;
  if (attributes.classes.length > 0) props.className = attributes.classes;
  for (const key of KEPT) if (attributes.pairs[key] !== undefined) props[key] = attributes.pairs[key]!;
  return props;
}

/** The `key=value` pairs of an attribute list that {@link attributeProperties} does not keep (besides `also`), as written. */
export function droppedPairs(attributes: Attributes, also: readonly string[] = []): string[] {
  return Object.entries(attributes.pairs)
    .filter(([key]) => !KEPT.includes(key) && !also.includes(key))
    .map(([key, value]) => `${key}=${value}`);
}
