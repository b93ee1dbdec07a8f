import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import type { VFile } from 'vfile';
import { mathmlTags } from './epub-schema.js';
import { ID_REFERENCES, validValue } from './attribute-values.js';
import { markListDigits } from './list-digits.js';

/** Elements that may not contain a given element at any depth, and what such a descendant becomes. */
const NO_DESCENDANT: Record<string, Record<string, string>> = {
  a: { a: 'span' },
  dfn: { dfn: 'span' },
  address: { address: 'div', header: 'div', footer: 'div' },
  header: { header: 'div', footer: 'div' },
  footer: { header: 'div', footer: 'div' },
  // Its rows and cells are then unwrapped as out of place.
  caption: { table: 'div' },
};

/** Elements whose content must be phrasing (inline) content. */
const PHRASING_ONLY = new Set(['p', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'span', 'a', 'em', 'strong', 'b', 'i', 'u', 's', 'code', 'small', 'sub', 'sup', 'q', 'cite', 'abbr', 'dfn', 'kbd', 'samp', 'var', 'mark', 'time', 'bdi', 'bdo', 'dt', 'summary', 'del', 'ins', 'label', 'rt', 'rp', 'ruby']);
/** Inline wrappers that HTML parsing may stretch around whole blocks (formatting reconstruction). */
const HOISTABLE = new Set(['a', 'em', 'strong', 'b', 'i', 'u', 's', 'span', 'code', 'small', 'sub', 'sup', 'q', 'cite', 'abbr', 'dfn', 'kbd', 'samp', 'var', 'mark', 'time', 'bdi', 'bdo', 'del', 'ins', 'label']);
/** Elements that are flow (block) content only. */
const FLOW_ONLY = new Set(['p', 'div', 'pre', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article', 'aside', 'nav', 'header', 'footer', 'figure', 'figcaption', 'hr', 'address', 'details', 'summary', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th']);
/** Elements that only make sense inside a given parent. */
const NEEDS_PARENT: Record<string, ReadonlySet<string>> = {
  li: new Set(['ul', 'ol']),
  dt: new Set(['dl']),
  dd: new Set(['dl']),
  rt: new Set(['ruby']),
  rp: new Set(['ruby']),
  figcaption: new Set(['figure']),
  summary: new Set(['details']),
  caption: new Set(['table']),
  tr: new Set(['table', 'thead', 'tbody', 'tfoot']),
  td: new Set(['tr']),
  th: new Set(['tr']),
  thead: new Set(['table']),
  tbody: new Set(['table']),
  tfoot: new Set(['table']),
};

const MATHML = 'http://www.w3.org/1998/Math/MathML';
const MATHML_INNER = new Set(mathmlTags.filter((t) => t !== 'math'));

function hasFlow(node: Element): boolean {
  return node.children.some((c) => c.type === 'element' && (FLOW_ONLY.has(c.tagName) || hasFlow(c)));
}

/** Elements that show something with no text in them. */
const SHOWS_ITSELF: ReadonlySet<string> = new Set(['img', 'svg', 'math', 'picture', 'video', 'audio', 'object', 'embed', 'canvas', 'iframe', 'input', 'meter', 'progress', 'hr', 'br']);

/** Whether a node shows nothing: no text, and none of `shows` (images and other objects) at any depth. */
function showsNothing(node: ElementContent, shows: ReadonlySet<string> = SHOWS_ITSELF): boolean {
  if (node.type === 'text') return node.value.trim() === '';
  if (node.type === 'element') return !shows.has(node.tagName) && node.children.every((c) => showsNothing(c, shows));
  return true;
}

/**
 * Puts `content` in the place of `parent.children[index]` (an element unwrapped in a line of text),
 * with a space on either side where it would otherwise run into the words beside it ('Term' and
 * a block's 'more' were printed 'Termmore').
 */
function spliceApart(parent: Root | Element, index: number, content: ElementContent[]): void {
  const textAt = (node: unknown, end: 'start' | 'end'): string | undefined => {
    if (!node || typeof node !== 'object') return undefined;
    const n = node as ElementContent;
    if (n.type === 'text') return n.value;
    if (n.type !== 'element' || n.children.length === 0) return undefined;
    return textAt(end === 'start' ? n.children[0] : n.children.at(-1), end);
  };
  const joins = (before: string | undefined, after: string | undefined) => before !== undefined && after !== undefined && /\S$/.test(before) && /^\S/.test(after);
  const parts = [...content];
  const previous = parent.children[index - 1];
  const next = parent.children[index + 1];
  if (joins(textAt(previous, 'end'), parts.length > 0 ? textAt(parts[0], 'start') : textAt(next, 'start'))) parts.unshift({ type: 'text', value: ' ' });
  if (parts.length > 0 && joins(textAt(parts.at(-1), 'end'), textAt(next, 'start'))) parts.push({ type: 'text', value: ' ' });
  parent.children.splice(index, 1, ...(parts as Element[]));
}

/** What a list's item or stray content must hold not to be dropped as blank: text, an image, a formula or a line break. */
const NOT_BLANK: ReadonlySet<string> = new Set(['img', 'math', 'br']);

function blank(node: ElementContent): boolean {
  return showsNothing(node, NOT_BLANK);
}

/**
 * Makes the chapter's element nesting valid XHTML, whatever raw HTML and HTML parsing (which
 * stretches unclosed inline elements around later blocks) made of it. Runs last, on the final tree:
 * inline wrappers around blocks are removed (the blocks stay), blocks inside inline-only elements
 * are unwrapped, stray content in lists is moved into list items, and list items, table parts,
 * ruby text and captions outside their parents are unwrapped. MathML gets its namespace. Each
 * repair is reported where it happened.
 */
export function rehypeContentModel() {
  return (tree: Root, file: VFile) => {
    const report = (node: Element, reason: string) => file.message(reason, { place: node.position, ruleId: 'html-nesting', source: 'colophon' });

    const fix = (parent: Root | Element, flow: boolean, inPhrasing: boolean, ancestors: ReadonlySet<string>): void => {
      const parentTag = parent.type === 'element' ? parent.tagName : '';
      for (let i = 0; i < parent.children.length; i++) {
        const child = parent.children[i]!;
        if (child.type !== 'element') continue;
        // A link around a note reference (`[text[^1]](url)`): the link is split around it.
        if (child.tagName === 'a' && !ancestors.has('a') && splitLink(parent, i)) {
          report(child, 'link split around the link inside it (links cannot nest)');
          i--;
          continue;
        }
        for (const ancestor of ancestors) {
          const becomes = NO_DESCENDANT[ancestor]?.[child.tagName];
          if (becomes) {
            report(child, `<${child.tagName}> inside <${ancestor}> made a <${becomes}>: it cannot be nested there`);
            child.tagName = becomes;
            if (becomes === 'span') delete child.properties.href;
          }
        }
        const tag = child.tagName;
        if (tag === 'bdo' && typeof child.properties.dir !== 'string') {
          report(child, '<bdo> without dir made a <span>');
          child.tagName = 'span';
        }
        if (tag === 'li' && parentTag !== 'ol') delete child.properties.value;
        // Without a datetime, a time's text is its value: it may hold nothing but text.
        if (tag === 'time' && child.properties.dateTime === undefined && child.children.some((c) => c.type === 'element')) {
          report(child, '<time> without datetime holding markup made a <span>');
          child.tagName = 'span';
        }
        if (tag === 'math') {
          child.properties.xmlns = MATHML;
          fixMath(child, (reason) => report(child, reason));
          continue;
        }
        // MathML's inner elements mean nothing outside <math> (the parser can separate them).
        if (MATHML_INNER.has(tag)) {
          report(child, `<${tag}> outside <math> unwrapped`);
          parent.children.splice(i, 1, ...(child.children as ElementContent[]));
          i--;
          continue;
        }
        const allowedParents = NEEDS_PARENT[tag];
        if (allowedParents && !allowedParents.has(parentTag)) {
          if (!(tag === 'li' && blank(child))) report(child, `<${tag}> outside <${[...allowedParents].join('> or <')}> unwrapped (its content is kept)`);
          parent.children.splice(i, 1, ...(tag === 'li' && blank(child) ? [] : (child.children as ElementContent[])));
          i--;
          continue;
        }
        if (inPhrasing && FLOW_ONLY.has(tag)) {
          report(child, `<${tag}> inside <${parentTag}> unwrapped: only inline content is allowed there`);
          spliceApart(parent, i, tag === 'hr' ? [] : (child.children as ElementContent[]));
          i--;
          continue;
        }
        // A link with nothing to show (`[](url)`, or the empty half an HTML parser left of a link
        // around a block): invisible in print, and a link without a name to a screen reader.
        if (tag === 'a' && typeof child.properties.href === 'string' && child.properties.ariaLabel === undefined && child.children.every((c) => showsNothing(c))) {
          file.message(`link to "${child.properties.href}" left out: it has no text or image to show — write its text between the brackets`, { place: child.position, ruleId: 'empty-link', source: 'colophon' });
          if (child.properties.id === undefined) parent.children.splice(i, 1, ...(child.children as ElementContent[]));
          else delete child.properties.href;
          i--;
          continue;
        }
        if (flow && !inPhrasing && HOISTABLE.has(tag) && hasFlow(child)) {
          report(child, `<${tag}> around blocks removed (an unclosed inline element in raw HTML?)`);
          parent.children.splice(i, 1, ...(child.children as ElementContent[]));
          i--;
          continue;
        }
        if (tag === 'ul' || tag === 'ol') fixList(child, ['li'], 'li', report);
        if (tag === 'ol') markListDigits(child);
        if (tag === 'dl') fixDefinitions(child, report);
        if (tag === 'details') fixDetails(child, report);
        if (tag === 'figure') fixFigure(child, report);
        if (tag === 'table') fixTable(child, report);
        if (tag === 'ruby' && !wellFormedRuby(child)) {
          report(child, '<ruby> unwrapped: its base text and <rt> annotations are not in order (each base followed by its <rt>, <rp> around an <rt>)');
          parent.children.splice(i, 1, ...(child.children as ElementContent[]));
          i--;
          continue;
        }
        const childPhrasing = inPhrasing || PHRASING_ONLY.has(tag);
        fix(child, flow && !PHRASING_ONLY.has(tag), childPhrasing, NO_DESCENDANT[tag] ? new Set([...ancestors, tag]) : ancestors);
        // A paragraph with nothing (left) in it: what an HTML parser leaves where raw HTML closed
        // one (`<xmp>` or `<a><div>` in a line of text); it would print as a blank line.
        if (tag === 'p' && Object.keys(child.properties).length === 0 && child.children.every((c) => c.type === 'comment' || (c.type === 'text' && c.value.trim() === ''))) {
          parent.children.splice(i, 1);
          i--;
        }
      }
    };
    fix(tree, true, false, new Set());
    dropDanglingReferences(tree);
  };
}

/**
 * Splits links around the links inside them (a note reference in a link's text), before raw HTML
 * is parsed: an HTML parser would tear such a link apart (and empty the reference's `sup`).
 */
export function rehypeUnnestLinks() {
  return (tree: Root) => {
    const walk = (parent: Root | Element) => {
      for (let i = 0; i < parent.children.length; i++) {
        const child = parent.children[i]!;
        if (child.type !== 'element') continue;
        if (child.tagName === 'a' && splitLink(parent, i)) {
          i--;
          continue;
        }
        walk(child);
      }
    };
    walk(tree);
  };
}

/** Whether an element has a link at any depth. */
function hasLink(node: ElementContent): boolean {
  return node.type === 'element' && (node.tagName === 'a' || node.children.some(hasLink));
}

/**
 * Splits the link at `parent.children[index]` around its children that hold links of their own
 * (a note reference, say): those come out between two parts of the link. False when it has none.
 */
function splitLink(parent: Root | Element, index: number): boolean {
  const link = parent.children[index] as Element;
  if (!link.children.some(hasLink)) return false;
  const parts: ElementContent[] = [];
  let run: ElementContent[] = [];
  let copies = 0;
  const flush = () => {
    // Only the first part keeps the link's id.
    if (run.length > 0) parts.push({ ...link, properties: copies++ === 0 ? { ...link.properties } : { ...link.properties, id: undefined }, children: run });
    run = [];
  };
  for (const c of link.children) {
    if (hasLink(c)) {
      flush();
      parts.push(c);
    } else run.push(c);
  }
  flush();
  parent.children.splice(index, 1, ...(parts as Element[]));
  return true;
}

const elementsOf = (node: Element) => node.children.filter((c): c is Element => c.type === 'element');

/** A definition list holds `dt` and `dd` (groups in `div`s unwrapped), starting with a term and ending with a definition. */
function fixDefinitions(dl: Element, report: (node: Element, reason: string) => void): void {
  dl.children = dl.children.flatMap((c) => (c.type === 'element' && c.tagName === 'div' ? c.children : [c]));
  fixList(dl, ['dt', 'dd'], 'dd', report);
  const items = elementsOf(dl);
  if (items.length === 0) return;
  if (items[0]!.tagName === 'dd') dl.children.unshift(h('dt'));
  if (items.at(-1)!.tagName === 'dt') dl.children.push(h('dd'));
}

/** Whether a ruby is base text followed by its annotations, as often as wanted: (base+ (rt | rp rt rp)+)+. */
function wellFormedRuby(ruby: Element): boolean {
  const shape = ruby.children
    .map((c) => (c.type === 'element' ? (c.tagName === 'rt' ? 'T' : c.tagName === 'rp' ? 'P' : 'B') : c.type === 'text' && c.value.trim() !== '' ? 'B' : ''))
    .join('');
  return /^(B+(T|PTP)+)+$/.test(shape);
}

/**
 * A table's parts in the order HTML requires: one caption, column groups, one head, the bodies (or
 * rows; not both), one foot. Parts out of place are moved; a second caption's content joins the
 * first, a second head or foot becomes a body, a `col` outside a group gets one, rows beside bodies
 * get a body of their own.
 */
function fixTable(table: Element, report: (node: Element, reason: string) => void): void {
  const parts = elementsOf(table);
  const before = parts.map((p) => p.tagName).join(' ');
  const [caption, ...extraCaptions] = parts.filter((p) => p.tagName === 'caption');
  for (const extra of extraCaptions) caption!.children.push({ type: 'text', value: ' ' }, ...extra.children);
  const groups = parts.flatMap((p): Element[] => (p.tagName === 'colgroup' ? [p] : p.tagName === 'col' ? [h('colgroup', [p])] : []));
  // A group with columns of its own takes its span from them.
  for (const g of groups) if (elementsOf(g).length > 0) delete g.properties.span;
  const [head, ...extraHeads] = parts.filter((p) => p.tagName === 'thead');
  const feet = parts.filter((p) => p.tagName === 'tfoot');
  const foot = feet.at(0);
  const body: Element[] = [];
  const others: Element[] = [];
  for (const p of parts) {
    if (p.tagName === 'tbody' || extraHeads.includes(p) || (p.tagName === 'tfoot' && p !== foot)) body.push(p.tagName === 'tbody' ? p : { ...p, tagName: 'tbody' });
    else if (p.tagName === 'tr') body.push(p);
    else if (!/^(caption|colgroup|col|thead|tfoot)$/.test(p.tagName)) others.push(p);
  }
  // Rows directly in the table are fine alone; beside bodies, they go into bodies of their own.
  const anyBody = body.some((p) => p.tagName === 'tbody');
  const bodies: Element[] = [];
  let wrapper: Element | undefined;
  for (const p of body) {
    if (!anyBody || p.tagName === 'tbody') {
      bodies.push(p);
      wrapper = undefined;
    } else if (wrapper) wrapper.children.push(p);
    else bodies.push((wrapper = h('tbody', [p])));
  }
  const ordered = [caption, ...groups, head, ...bodies, ...others, foot].filter((p): p is Element => p !== undefined);
  if (ordered.map((p) => p.tagName).join(' ') === before) return;
  report(table, 'table parts put in order (caption, column groups, head, bodies, foot)');
  table.children = ordered;
}

/** `details` opens with its `summary` (one only); without any, it becomes a `div`. */
function fixDetails(details: Element, report: (node: Element, reason: string) => void): void {
  const summaries = elementsOf(details).filter((c) => c.tagName === 'summary');
  if (summaries.length === 0) {
    report(details, '<details> without <summary> made a <div>');
    details.tagName = 'div';
    delete details.properties.open;
    return;
  }
  const [first, ...rest] = summaries;
  for (const extra of rest) {
    report(extra, 'a second <summary> made a <p>');
    extra.tagName = 'p';
  }
  if (elementsOf(details)[0] !== first) {
    details.children.splice(details.children.indexOf(first!), 1);
    details.children.unshift(first!);
  }
}

/** A figure's caption is its first or last child (one only); others become `div`s. */
function fixFigure(figure: Element, report: (node: Element, reason: string) => void): void {
  const captions = elementsOf(figure).filter((c) => c.tagName === 'figcaption');
  if (captions.length === 0) return;
  // Text counts as content here: the caption must come before or after all of it.
  const significant = () => figure.children.filter((c) => c.type === 'element' || (c.type === 'text' && c.value.trim() !== ''));
  const nodes = significant();
  const keep = nodes[0] === captions[0] ? captions[0]! : nodes.at(-1) === captions.at(-1) ? captions.at(-1)! : captions[0]!;
  for (const c of captions) {
    if (c === keep) continue;
    report(c, 'a second <figcaption> made a <div>');
    c.tagName = 'div';
  }
  if (keep !== nodes[0] && keep !== nodes.at(-1)) {
    figure.children.splice(figure.children.indexOf(keep), 1);
    figure.children.push(keep);
  }
}

/**
 * `aria-describedby`, `headers` and the like keep only ids the chapter has (for `headers`, a `th`
 * of the same table).
 */
function dropDanglingReferences(tree: Root): void {
  const ids = new Map<string, { tag: string; table: Element | undefined }>();
  const walk = (node: Root | Element, table: Element | undefined, each: (el: Element, table: Element | undefined) => void) => {
    for (const c of node.children) {
      if (c.type !== 'element') continue;
      each(c, table);
      walk(c, c.tagName === 'table' ? c : table, each);
    }
  };
  walk(tree, undefined, (el, table) => {
    if (typeof el.properties.id === 'string') ids.set(el.properties.id, { tag: el.tagName, table });
  });
  walk(tree, undefined, (el, table) => {
    for (const property of ID_REFERENCES) {
      const value = el.properties[property];
      if (value === undefined || value === null) continue;
      const target = (id: string) => ids.get(id);
      const refs = (Array.isArray(value) ? value.map(String) : String(value).split(/\s+/)).filter((id) => target(id) !== undefined && (property !== 'headers' || (target(id)!.tag === 'th' && target(id)!.table === table)));
      if (refs.length > 0) el.properties[property] = refs.join(' ');
      else delete el.properties[property];
    }
  });
}

/** A list holds only its items (`li`; `dt`/`dd`): blank wrappers go, anything else moves into an item. */
function fixList(list: Element, items: ReadonlyArray<string>, wrapper: string, report: (node: Element, reason: string) => void): void {
  const children: ElementContent[] = [];
  for (const c of list.children) {
    if (c.type === 'element' && items.includes(c.tagName)) children.push(c);
    else if (c.type === 'comment' || blank(c)) {
      if (c.type === 'text') children.push(c);
    } else {
      if (c.type === 'element') report(c, `<${c.tagName}> directly inside <${list.tagName}> moved into a list item`);
      const previous = children.findLast((x): x is Element => x.type === 'element' && x.tagName === wrapper);
      if (previous) previous.children.push(c);
      else children.push(h(wrapper, [c]));
    }
  }
  list.children = children;
}

const TOKENS = new Set(['mi', 'mn', 'mo', 'mtext', 'ms', 'annotation']);
/** Elements with a fixed number of arguments. */
const ARITY: Record<string, number> = { mfrac: 2, mroot: 2, msub: 2, msup: 2, munder: 2, mover: 2, msubsup: 3, munderover: 3 };
/** Where `displaystyle` and `scriptlevel` may be set. */
const STYLE_HOLDERS = new Set(['math', 'mstyle', 'mtable']);

function textContent(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  return node.type === 'element' ? node.children.map(textContent).join('') : '';
}

/**
 * Makes MathML valid against EPUB's schema, whatever raw HTML or a TeX converter left: token
 * elements hold text only, text elsewhere goes into `mtext`, fixed-arity elements get exactly their
 * arguments (missing ones empty, extra ones grouped into the first), tables hold rows of cells,
 * `semantics` opens with its expression, scripts and style attributes go where they are allowed,
 * nested `math` and HTML inside it become MathML. Each kind of repair is reported once per formula.
 */
function fixMath(math: Element, report: (reason: string) => void): void {
  const said = new Set<string>();
  const note = (reason: string) => {
    if (said.has(reason)) return;
    said.add(reason);
    report(reason);
  };
  const mrow = (children: ElementContent[] = []): Element => ({ type: 'element', tagName: 'mrow', properties: {}, children });
  const fix = (el: Element): void => {
    const tag = el.tagName;
    // Values the schema refuses (a TeX converter's too: temml's \colorbox{b}, its `mo height`).
    for (const [name, value] of Object.entries(el.properties)) {
      if (value === undefined || value === null || (tag === 'mo' && /^(width|height|depth)$/.test(name)) || !validValue(tag, name, value, true)) {
        if (value !== undefined && value !== null) note(`<${tag} ${name}="${String(value).slice(0, 20)}"> removed from a formula: not a valid value there`);
        delete el.properties[name];
      }
    }
    if (!STYLE_HOLDERS.has(tag) && (el.properties.displaystyle !== undefined || el.properties.scriptlevel !== undefined)) {
      if (tag === 'mrow') el.tagName = 'mstyle';
      else {
        delete el.properties.displaystyle;
        delete el.properties.scriptlevel;
      }
    }
    if (TOKENS.has(tag)) {
      if (el.children.some((c) => c.type === 'element')) {
        note(`markup inside <${tag}> in a formula flattened to its text`);
        el.children = [{ type: 'text', value: el.children.map(textContent).join('') }];
      }
      return;
    }
    const children: ElementContent[] = [];
    for (const c of el.children) {
      if (c.type === 'text') {
        if (c.value.trim() !== '') {
          note('text directly inside a formula put into <mtext>');
          children.push({ type: 'element', tagName: 'mtext', properties: {}, children: [c] });
        }
        continue;
      }
      if (c.type !== 'element') continue;
      if (c.tagName === 'annotation-xml') {
        note('<annotation-xml> removed from a formula');
        continue;
      }
      if (c.tagName === 'math') {
        note('<math> inside a formula made an <mrow>');
        c.tagName = 'mrow';
        delete c.properties.display;
        delete c.properties.xmlns;
        delete c.properties.alttext;
      } else if (!mathmlTags.includes(c.tagName)) {
        note(`<${c.tagName}> inside a formula made an <mtext>`);
        children.push({ type: 'element', tagName: 'mtext', properties: {}, children: [{ type: 'text', value: textContent(c) }] });
        continue;
      } else if ((c.tagName === 'mprescripts' || c.tagName === 'none') && tag !== 'mmultiscripts') {
        note(`<${c.tagName}> outside <mmultiscripts> removed`);
        continue;
      } else if ((c.tagName === 'mtr' || c.tagName === 'mlabeledtr') && tag !== 'mtable') {
        // Rows and cells outside a table are plain groups (renamed before their own repair).
        note(`<${c.tagName}> outside <mtable> made an <mrow>`);
        c.tagName = 'mrow';
      } else if (c.tagName === 'mtd' && tag !== 'mtable' && tag !== 'mtr' && tag !== 'mlabeledtr') {
        note('<mtd> outside a formula table made an <mrow>');
        c.tagName = 'mrow';
      } else if (c.tagName === 'annotation' && tag !== 'semantics') {
        note('<annotation> outside <semantics> made an <mtext>');
        c.tagName = 'mtext';
        delete c.properties.encoding;
      }
      fix(c);
      children.push(c);
    }
    el.children = children;
    const elements = children as Element[];
    const arity = ARITY[tag];
    if (arity !== undefined && elements.length !== arity) {
      note(`<${tag}> given its ${arity} arguments`);
      if (elements.length < arity) el.children = [...elements, ...Array.from({ length: arity - elements.length }, () => mrow())];
      else el.children = [mrow(elements.slice(0, elements.length - arity + 1)), ...elements.slice(elements.length - arity + 1)];
    }
    if (tag === 'mmultiscripts') {
      const at = elements.findIndex((c) => c.tagName === 'mprescripts');
      const post = (at < 0 ? elements.length : at) - 1;
      const pre = at < 0 ? 0 : elements.length - at - 1;
      if (post < 0 || post % 2 !== 0 || pre % 2 !== 0 || elements.filter((c) => c.tagName === 'mprescripts').length > 1) {
        note('<mmultiscripts> with unpaired scripts made an <mrow>');
        el.tagName = 'mrow';
        el.children = elements.filter((c) => c.tagName !== 'mprescripts' && c.tagName !== 'none');
      }
    }
    if (tag === 'mtable') {
      el.children = elements.map((c) => (c.tagName === 'mtr' || c.tagName === 'mlabeledtr' ? c : { type: 'element', tagName: 'mtr', properties: {}, children: [c.tagName === 'mtd' ? c : { type: 'element', tagName: 'mtd', properties: {}, children: [c] }] }));
      if (el.children.length !== elements.filter((c) => c.tagName === 'mtr' || c.tagName === 'mlabeledtr').length) note('cells of a formula table put into rows');
    } else if (tag === 'mtr' || tag === 'mlabeledtr') {
      el.children = elements.map((c) => (c.tagName === 'mtd' ? c : { type: 'element', tagName: 'mtd', properties: {}, children: [c] }));
    }
    if (tag === 'semantics') {
      const first = (el.children as Element[])[0];
      if (!first || first.tagName === 'annotation') {
        note('<semantics> without an expression given an empty one');
        el.children.unshift(mrow());
      }
      // After the expression, only annotations.
      el.children = (el.children as Element[]).filter((c, i) => i === 0 || c.tagName === 'annotation');
    }
  };
  fix(math);
}
