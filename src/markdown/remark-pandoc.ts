import type { Code, FootnoteDefinition, Image, Nodes, Paragraph, Parent, PhrasingContent, Root, RootContent, Text } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import type { Point } from 'unist';
import { attributeProperties, readAttributes } from './attributes.js';
import { pointIn } from './text-position.js';
import { visibleText } from './xml-chars.js';

/**
 * Pandoc's Markdown extensions that manuscripts written for pandoc rely on, so they build as the
 * author meant rather than showing their markup:
 * - a title block (`% Title`, `% Author; Author`, `% Date`) at the top: the file's metadata;
 * - line blocks (`| ` before each line, as in verse): the lines and their indents kept;
 * - fenced divs (`::: {.note}` … `:::`, nestable): a `div` with those attributes;
 * - GitHub's alerts (`> [!NOTE]`, `[!WARNING]`, …): a titled note box, not a quotation;
 * - `\newpage` (`\pagebreak`, `\clearpage`) alone in a paragraph: a page break in print;
 * - inline notes (`text^[the note]`): footnotes like `[^1]`;
 * - bracketed spans (`[small caps]{.smallcaps}`): a `span` with those attributes;
 * - image attributes (`![alt](x.png){width=50%}`): id, classes, width and height;
 * - superscript (`2^10^`) and subscript (`H~2~O`), without spaces inside.
 * Code and math are never touched (their text is not Markdown text).
 */
export function remarkPandoc() {
  return (tree: Root, file: VFile) => {
    titleBlock(tree, file);
    codeAttributes(tree, file);
    fencedDivs(tree);
    // A page break with nothing after it would only push the chapter's end onto a page of its own;
    // one before anything would leave the chapter's opening page empty; two in a row are one.
    const isBreak = (n: RootContent | undefined) => (n as { type: string } | undefined)?.type === 'pageBreak';
    while (isBreak(tree.children.at(-1))) tree.children.pop();
    while (isBreak(tree.children[0])) tree.children.shift();
    tree.children = tree.children.filter((n, i) => !(isBreak(n) && isBreak(tree.children[i - 1])));
    const notes: FootnoteDefinition[] = [];
    const emptyNote = (at: Point | undefined) => file.message('empty inline note ^[]: left out', { ...(at ? { place: at } : {}), ruleId: 'note-empty', source: 'colophon' });
    phrasing(tree, notes, emptyNote);
    tree.children.push(...notes);
    citations(tree, file);
  };
}

/**
 * Pandoc's attributes on a fenced code block (```` ```{.python} ````, ```` ```{#listing .rust} ````):
 * the first class is its language, the id is kept; a raw block (```` ```{=html} ````) is raw HTML,
 * and one for another format (```` ```{=latex} ````) is left out, and said so (it was printed as code).
 */
function codeAttributes(tree: Root, file: VFile): void {
  visit(tree, 'code', (node: Code, index, parent) => {
    if (!node.lang?.startsWith('{') || !parent || index === undefined) return undefined;
    const info = `${node.lang}${node.meta ? ` ${node.meta}` : ''}`.trim();
    const raw = /^\{\s*=([\w-]+)\s*\}$/.exec(info);
    if (raw) {
      if (raw[1]!.toLowerCase() === 'html') {
        parent.children[index] = { type: 'html', value: node.value, ...(node.position ? { position: node.position } : {}) };
        return index;
      }
      file.message(`raw ${raw[1]} block left out: only raw HTML goes into a book`, { place: node.position, ruleId: 'raw-block', source: 'colophon' });
      parent.children.splice(index, 1);
      return index;
    }
    const attributes = readAttributes(info);
    if (!attributes || info.slice(attributes.length).trim() !== '') return undefined;
    const [lang, ...classes] = attributes.classes;
    node.lang = lang ?? null;
    node.meta = null;
    // (They go on the `code` element, in place of the class its language would give it.)
    const properties = attributeProperties({ ...attributes, classes: classes.length > 0 && lang !== undefined ? [`language-${lang}`, ...classes] : classes });
    if (Object.keys(properties).length > 0) node.data = { ...node.data, hProperties: { ...(node.data?.hProperties ?? {}), ...properties } };
    return undefined;
  });
}

/** Pandoc's bracketed citations: `[@doe99]`, `[see @doe99, p. 33; @roe2001]`. */
const CITATION = /\[(?:[^[\]]*[\s;])?-?@[\p{L}\p{N}_][\p{L}\p{N}_:.#$%&+?<>~/-]*[^[\]]*\]/gu;

/**
 * Reports pandoc citations, which stay as written: Colophon has no bibliography (pandoc's
 * `--citeproc`). Said once per citation, at its place.
 */
function citations(tree: Root, file: VFile): void {
  // Most chapters cite nothing: no walk for them.
  if (!String(file.value).includes('@')) return;
  visit(tree, 'text', (node: Text, _index, parent) => {
    for (const m of node.value.matchAll(CITATION)) {
      // A text node split by another pass (an e-mail address made a link) has no place: its paragraph's.
      const place = pointIn(node, m.index) ?? parent?.position?.start;
      file.message(`citation ${m[0].slice(0, 60)} is left as written: Colophon has no bibliography (pandoc's --citeproc) — write the reference out`, { ...(place ? { place } : {}), ruleId: 'citation', source: 'colophon' });
    }
  });
}

/**
 * `% Title` / `% Author; Author` / `% Date` as the very first lines of the file (a field may go on
 * over indented lines). In a one-chapter book it is the book's metadata; in a book of several
 * chapters its title is the chapter's heading (the book's metadata comes from book.yaml or the
 * config), and its other lines are reported as unused.
 */
function titleBlock(tree: Root, file: VFile): void {
  const first = tree.children[0];
  if (first?.type !== 'paragraph' || first.position?.start.line !== 1 || file.data.colophon?.frontMatter !== undefined) return;
  const source = String(file.value).slice(first.position.start.offset ?? 0, first.position.end.offset ?? 0);
  const fields: string[] = [];
  for (const line of source.split('\n')) {
    if (line.startsWith('%')) fields.push(line.slice(1));
    else if (/^\s/.test(line) && fields.length > 0) fields[fields.length - 1] += ` ${line}`;
    else return;
  }
  if (fields.length > 3) return;
  const [title, authors, date] = fields.map(visibleText);
  tree.children.shift();
  if (!file.data.colophon?.inferTitleBlock) {
    if (title) tree.children.unshift({ type: 'heading', depth: 1, children: [{ type: 'text', value: title }], position: first.position });
    if (authors || date) file.message('the title block\'s author and date lines are used for a one-chapter book only; here its title is the chapter\'s heading — set the book\'s authors and date in book.yaml', { place: first.position, ruleId: 'title-block', source: 'colophon' });
    return;
  }
  const meta: Record<string, string | string[]> = {};
  if (title) meta.title = title;
  const names = (authors ?? '').split(';').map(visibleText).filter(Boolean);
  if (names.length > 0) meta.author = names;
  if (date) meta.date = date;
  file.data.colophon = { ...file.data.colophon, frontMatter: meta };
}

const FENCE = /^:{3,}[ \t]*(?:(\{[^}]*\})|([\w-]+))?[ \t]*:*[ \t]*$/;

type Block = RootContent;
interface Div extends Parent {
  type: 'fencedDiv';
  children: Block[];
}

/** The fence lines a paragraph starts and ends with, and what remains between (undefined when nothing). */
function splitFences(p: Paragraph): { before: string[]; rest: Paragraph | undefined; after: string[] } {
  const before: string[] = [];
  const after: string[] = [];
  const children = [...p.children];
  for (;;) {
    const first = children[0];
    if (first?.type !== 'text') break;
    const end = first.value.indexOf('\n');
    const line = end < 0 ? first.value : first.value.slice(0, end);
    if (!FENCE.test(line)) break;
    before.push(line);
    if (end < 0) children.shift();
    else children[0] = { ...first, value: first.value.slice(end + 1) };
  }
  for (;;) {
    const last = children.at(-1);
    if (last?.type !== 'text') break;
    const start = last.value.lastIndexOf('\n');
    const line = last.value.slice(start + 1);
    if (!FENCE.test(line)) break;
    after.unshift(line);
    if (start < 0) children.pop();
    else children[children.length - 1] = { ...last, value: last.value.slice(0, start) };
  }
  const empty = children.every((c) => c.type === 'text' && c.value.trim() === '');
  return { before, rest: empty ? undefined : { ...p, children }, after };
}

/** Groups the blocks between `::: {attributes}` and `:::` into divs, in every container. */
function fencedDivs(parent: Parent): void {
  const out: Block[] = [];
  const open: Div[] = [];
  const add = (node: Block) => (open.at(-1)?.children ?? out).push(node);
  const fence = (line: string) => {
    const m = FENCE.exec(line)!;
    const attributes = m[1] ? readAttributes(m[1]) : m[2] ? { classes: [m[2]], pairs: {} } : undefined;
    if (attributes) {
      const div: Div = { type: 'fencedDiv', children: [], data: { hName: 'div', hProperties: attributeProperties(attributes) } } as Div;
      add(div as unknown as Block);
      open.push(div);
    } else if (open.length > 0) open.pop();
    else add({ type: 'paragraph', children: [{ type: 'text', value: line }] });
  };
  for (const child of parent.children as Block[]) {
    if (child.type === 'paragraph' && (toString(child).includes(':::'))) {
      const { before, rest, after } = splitFences(child);
      before.forEach(fence);
      if (rest) add(rest);
      after.forEach(fence);
      continue;
    }
    if (child.type === 'paragraph' && isLineBlock(child)) {
      add(lineBlock(child));
      continue;
    }
    if (child.type === 'paragraph' && isPageBreak(child)) {
      add({ type: 'pageBreak', children: [], data: { hName: 'div', hProperties: { className: ['page-break'] } } } as unknown as Block);
      continue;
    }
    if ('children' in child && child.type !== 'paragraph' && child.type !== 'heading' && child.type !== 'table') fencedDivs(child as Parent);
    if (child.type === 'blockquote') alert(child);
    add(child);
  }
  parent.children = out as typeof parent.children;
}

const ALERT = /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*(?:\n|$)/i;

/**
 * GitHub's alerts: a quotation opening with `[!NOTE]` (`TIP`, `IMPORTANT`, `WARNING`, `CAUTION`)
 * becomes a note box with its title (in the book's language, set once it is known: see
 * `labelAlerts`) instead of a quotation.
 */
function alert(quote: Parent): void {
  const first = quote.children[0];
  const text = first?.type === 'paragraph' ? first.children[0] : undefined;
  const m = text?.type === 'text' ? ALERT.exec(text.value) : null;
  if (!m) return;
  const kind = m[1]!.toLowerCase();
  (text as Text).value = (text as Text).value.slice(m[0].length);
  const paragraph = first as Paragraph;
  if ((text as Text).value === '') paragraph.children.shift();
  if (paragraph.children[0]?.type === 'break') paragraph.children.shift();
  if (paragraph.children.length === 0) quote.children.shift();
  // Not a paragraph to the later steps (joining paragraphs broken mid-sentence would take the body into it).
  const title = { type: 'alertTitle', children: [{ type: 'text', value: kind }], data: { hName: 'p', hProperties: { className: ['alert-title'], dataColophonAlert: kind } } };
  quote.children.unshift(title as unknown as Paragraph);
  quote.data = { ...quote.data, hName: 'div', hProperties: { className: [kind, 'alert'], role: 'note' } };
}

/** Every line starts with `|` (and a space or the end of the line): a pandoc line block, as in verse. */
function isLineBlock(p: Paragraph): boolean {
  const first = p.children[0];
  return first?.type === 'text' && /^\|(\s|$)/.test(first.value) && toString(p).split('\n').every((line) => /^\|(\s|$)/.test(line));
}

/**
 * A line block: its lines kept as written, each starting on a line of its own, the spaces that
 * indent it kept (as no-break spaces), the `| ` markers gone.
 */
function lineBlock(p: Paragraph): Paragraph {
  const children: PhrasingContent[] = [];
  let lineStart = true;
  for (const node of p.children) {
    if (node.type !== 'text') {
      children.push(node);
      lineStart = false;
      continue;
    }
    node.value.split('\n').forEach((part, i) => {
      if (i > 0) {
        children.push({ type: 'break' });
        lineStart = true;
      }
      const text = lineStart ? part.replace(/^\| ?/, '').replace(/^ +/, (spaces) => '\u00a0'.repeat(spaces.length)) : part;
      if (text !== '') children.push({ type: 'text', value: text });
      lineStart = lineStart && text === '';
    });
  }
  // Not a paragraph to the later steps: verse lines end without a full stop and must not be joined.
  return { type: 'lineBlock', children, data: { hName: 'p', hProperties: { className: ['line-block'] } } } as unknown as Paragraph;
}

function isPageBreak(p: Paragraph): boolean {
  return p.children.length === 1 && p.children[0]!.type === 'text' && /^(\\(newpage|pagebreak|clearpage|cleardoublepage)\s*)+$/.test(p.children[0]!.value.trim());
}

/**
 * Where each `[` of the text node at `index` is closed: the node and offset of its `]`, brackets
 * in later text nodes counted (other nodes are opaque). One pass, however many brackets.
 */
function closingBrackets(children: ReadonlyArray<PhrasingContent>, index: number): Map<number, { index: number; offset: number }> {
  const closes = new Map<number, { index: number; offset: number }>();
  const open: Array<number | undefined> = [];
  for (let i = index; i < children.length; i++) {
    const node = children[i]!;
    if (node.type !== 'text') continue;
    for (let k = 0; k < node.value.length; k++) {
      const c = node.value[k];
      if (c === '[') open.push(i === index ? k : undefined);
      else if (c === ']' && open.length > 0) {
        const at = open.pop();
        if (at !== undefined) closes.set(at, { index: i, offset: k });
      }
    }
    if (open.every((at) => at === undefined)) break;
  }
  return closes;
}

/** The nodes between two text positions (exclusive), the text nodes at either end cut. */
function between(children: ReadonlyArray<PhrasingContent>, from: { index: number; offset: number }, to: { index: number; offset: number }): PhrasingContent[] {
  const cut = (node: Text, start: number, end?: number): Text[] => {
    const value = node.value.slice(start, end);
    return value === '' ? [] : [{ type: 'text', value }];
  };
  if (from.index === to.index) return cut(children[from.index] as Text, from.offset, to.offset);
  return [...cut(children[from.index] as Text, from.offset), ...children.slice(from.index + 1, to.index), ...cut(children[to.index] as Text, 0, to.offset)];
}

const SUPERSCRIPT = /\^([^\s^\\]+?)\^/;
const SUBSCRIPT = /(?<![~\\])~([^\s~\\]+?)~(?!~)/;

/** Inline notes, bracketed spans, image attributes, super- and subscripts in every run of phrasing content. */
function phrasing(node: Nodes, notes: FootnoteDefinition[], emptyNote: (at: Point | undefined) => void): void {
  if (!('children' in node)) return;
  const children = node.children as PhrasingContent[];
  if (children.some((c) => c.type === 'text' || c.type === 'image')) transform(children, notes, emptyNote);
  for (const child of node.children) phrasing(child as Nodes, notes, emptyNote);
}

/** The place of the rest of a text node from `offset` on, for a node made of it. */
function placed(node: Text, offset: number): Pick<Text, 'position'> {
  const start = pointIn(node, offset);
  return start && node.position ? { position: { start, end: node.position.end } } : {};
}

/** Phrasing content with nothing in it: white space at most. */
const blank = (nodes: PhrasingContent[]) => nodes.every((n) => n.type === 'text' && n.value.trim() === '');

function transform(children: PhrasingContent[], notes: FootnoteDefinition[], emptyNote: (at: Point | undefined) => void): void {
  for (let i = 0; i < children.length; i++) {
    const node = children[i]!;
    if (node.type === 'image') {
      imageAttributes(node, children, i);
      continue;
    }
    if (node.type !== 'text') continue;
    // An inline note or a bracketed span: `^[…]` / `[…]{…}`, possibly across nodes.
    const closes = node.value.includes('[') ? closingBrackets(children, i) : undefined;
    for (const m of closes ? node.value.matchAll(/\^\[|(?<!!)\[/g) : []) {
      const at = m.index;
      const isNote = m[0] === '^[';
      const open = { index: i, offset: at + m[0].length };
      const close = closes!.get(open.offset - 1);
      const attributes = close && !isNote ? readAttributes((children[close.index] as Text).value.slice(close.offset + 1)) : undefined;
      if (close && (isNote || attributes)) {
        const inner = between(children, open, close);
        transform(inner, notes, emptyNote);
        const closing = children[close.index] as Text;
        const tail = closing.value.slice(close.offset + 1 + (attributes?.length ?? 0));
        let made: PhrasingContent | undefined;
        if (isNote && blank(inner)) {
          // `^[]`: a note with nothing to say; its number would point at an empty note.
          emptyNote(pointIn(node, at));
        } else if (isNote) {
          const identifier = `inline-note-${notes.length + 1}`;
          notes.push({ type: 'footnoteDefinition', identifier, label: identifier, children: [{ type: 'paragraph', children: inner }] });
          made = { type: 'footnoteReference', identifier, label: identifier };
        } else {
          made = { type: 'bracketedSpan', children: inner, data: { hName: 'span', hProperties: attributeProperties(attributes!) } } as unknown as PhrasingContent;
        }
        const replacement: PhrasingContent[] = [...(at > 0 ? [{ type: 'text', value: node.value.slice(0, at) } as Text] : []), ...(made ? [made] : []), ...(tail !== '' ? [{ type: 'text', value: tail, ...placed(closing, closing.value.length - tail.length) } as Text] : [])];
        children.splice(i, close.index - i + 1, ...replacement);
        break;
      }
    }
    // Made something: look at this place again (the text before it may hold a superscript).
    if (children[i] !== node) {
      i--;
      continue;
    }
    scripts(children, i);
  }
}

/** `^sup^` and `~sub~` in one text node. */
function scripts(children: PhrasingContent[], i: number): void {
  const node = children[i] as Text;
  const sup = SUPERSCRIPT.exec(node.value);
  const sub = SUBSCRIPT.exec(node.value);
  const m = sup && (!sub || sup.index <= sub.index) ? sup : sub;
  if (!m) return;
  const tag = m === sup ? 'sup' : 'sub';
  const made = { type: tag === 'sup' ? 'superscript' : 'subscript', children: [{ type: 'text', value: m[1]! }], data: { hName: tag } } as unknown as PhrasingContent;
  const rest = node.value.slice(m.index + m[0].length);
  children.splice(i, 1, ...(m.index > 0 ? [{ type: 'text', value: node.value.slice(0, m.index) } as Text] : []), made, ...(rest !== '' ? [{ type: 'text', value: rest } as Text] : []));
  // The rest is looked at as the loop goes on.
}

/** `{#id .class width=50%}` right after an image: its id, classes and size (checked and set later). */
function imageAttributes(image: Image, children: PhrasingContent[], i: number): void {
  const next = children[i + 1];
  if (next?.type !== 'text') return;
  const attributes = readAttributes(next.value);
  if (!attributes) return;
  const props: Record<string, string | string[]> = attributeProperties(attributes);
  if (attributes.pairs.width !== undefined) props.dataColophonWidth = attributes.pairs.width;
  if (attributes.pairs.height !== undefined) props.dataColophonHeight = attributes.pairs.height;
  image.data = { ...image.data, hProperties: { ...(image.data?.hProperties ?? {}), ...props } };
  next.value = next.value.slice(attributes.length);
  if (next.value === '') children.splice(i + 1, 1);
}
