/// <reference lib="dom" />
/**
 * Footnotes at the foot of the page they are cited on. Chromium has no `float: footnote`, so
 * Colophon lays them out itself, in the print page, before the one native print: each chapter is
 * laid out as a row of page-sized columns (CSS multi-column uses the same fragmentation engine as
 * printing: orphans, widows, unbreakable figures and headings kept with what follows), the notes
 * cited in a column are measured, and a box that fills the rest of that page with the notes at
 * its bottom is put where the page must end. The content after it flows onto the next page, as
 * it would anyway; nothing is printed twice and no text is moved out of the tagged flow, so
 * links, bookmarks and the PDF's structure stay native.
 *
 * {@link layoutPageNotes} runs in the page (Colophon's own code; the manuscript's scripts never
 * run), so it is self-contained: no imports, no closures over module state. The book's fonts are
 * loaded before it runs (`print-fonts.ts`), so it measures with them.
 */

/** What the page-note layout needs to know of the page, in CSS pixels. */
export interface PageNotesGeometry {
  /** Width of the text block. */
  width: number;
  /** Height of the text block (the page area). */
  height: number;
  /** Right-to-left book: columns progress to the left, lines start at the right. */
  rtl: boolean;
}

/** What the layout did, for tests and timings. */
export interface PageNotesResult {
  /** Notes set at the foot of a page. */
  placed: number;
  /** Notes that fit on no page (set after their chapter instead). */
  fallback: number;
  /** Pages given notes. */
  pages: number;
}

/** Class of the hidden container that holds a chapter's notes until they are placed. */
export const NOTES_SOURCE_CLASS = 'page-notes-source';

/** CSS the layout relies on (the template styles the notes themselves: `.footnotes`, `.footnote`). */
export const PAGE_NOTES_CSS = [
  `.${NOTES_SOURCE_CLASS} { display: none; }`,
  // A box filling the rest of a page, its notes at the bottom; inline when it ends a page inside a paragraph.
  '.page-notes-space { display: flex; flex-direction: column; justify-content: flex-end; width: 100%; margin: 0; padding: 0; text-indent: 0; text-align: start; break-inside: avoid; }',
  'span.page-notes-space { display: inline-flex; vertical-align: top; }',
  // Notes look the same wherever the page ends: nothing of a quotation's or a list's style.
  // Space between the page's last line and the notes' rule: the template may set `--page-notes-space`.
  '.page-notes { margin: 0; padding-block-start: var(--page-notes-space, 10pt); width: 100%; flex: none; font-style: normal; font-weight: normal; font-variant: normal; letter-spacing: normal; word-spacing: normal; }',
].join('\n');

/** Lays out every chapter's notes at the foot of their pages; see the module comment. */
export function layoutPageNotes(geometry: PageNotesGeometry): PageNotesResult {
  const { width, height, rtl } = geometry;
  const GAP = 48;
  // Room left between a page's last line and its notes box, and under the box, against rounding.
  const SLACK = 2;
  const stride = width + GAP;
  const result = { placed: 0, fallback: 0, pages: 0 };
  // Inside a code block, only the block counts (its lines are boxes of their own: `code-lines.ts`).
  const blockish = (el: Element) => (el.tagName === 'PRE' || !el.parentElement?.closest('pre')) && !getComputedStyle(el).display.startsWith('inline');
  // Tables stay whole here (a page's notes cannot go between rows); code blocks too, unless
  // Colophon marked them long (`print-breaks.ts`): such a block may end a page.
  const unbreakable = (el: Element) => /^(avoid|avoid-page)$/.test(getComputedStyle(el).breakInside) || /^(FIGURE|TABLE|IMG|SVG|svg|MATH|math)$/.test(el.tagName) || (el.tagName === 'PRE' && !el.classList.contains('breakable'));
  const heading = (el: Element | null) => el !== null && /^H[1-6]$/.test(el.tagName);
  /** A box of notes as the template styles them: a short rule, then the notes. */
  const notesBox = (tag: 'div' | 'section', className: string, ...content: Node[]) => {
    const box = document.createElement(tag);
    box.className = className;
    box.setAttribute('role', 'doc-endnotes');
    const rule = document.createElement('hr');
    rule.className = 'footnotes-rule';
    box.append(rule, ...content);
    return box;
  };

  /**
   * Fixes a notes box's type as measured in the host (the template's notes style over the body's):
   * set where a page ends inside a code block, it would otherwise take the code's font and spacing.
   */
  const pinType = (el: HTMLElement) => {
    const style = getComputedStyle(el);
    for (const property of ['font-family', 'font-size', 'line-height', 'white-space', 'color', 'overflow-wrap', 'word-break', 'text-transform', 'tab-size']) el.style.setProperty(property, style.getPropertyValue(property));
  };
  // The colour of the paper, for a box that must hide what is under it.
  const paper = [document.documentElement, document.body].map((el) => getComputedStyle(el).backgroundColor).find((c) => !/^(transparent|rgba\(.*,\s*0\))$/.test(c)) ?? '#fff';
  // A measuring host outside the chapters: the width of the text block, off the page.
  const host = document.createElement('div');
  host.style.cssText = `display: block; position: absolute; top: 0; left: -${10 * stride}px; width: ${width}px;`;
  document.body.append(host);
  // One chapter on screen at a time (the print page shows none there; see print-document.ts):
  // every measurement then lays out and hit-tests that chapter alone, not a book of hundreds of pages.
  // Elements whose display is set while measuring, with their own inline display to return to.
  const touched = new Map<HTMLElement, string>();
  const display = (el: Element, value: 'block' | 'none') => {
    if (!(el instanceof HTMLElement) || el === host) return;
    if (!touched.has(el)) touched.set(el, el.style.display);
    el.style.display = value;
  };
  for (const chapter of Array.from(document.querySelectorAll<HTMLElement>('.chapter'))) {
    const source = chapter.querySelector<HTMLElement>(`:scope > .page-notes-source`);
    if (!source) continue;
    for (let el: HTMLElement = chapter; el !== document.body && el.parentElement; el = el.parentElement) {
      display(el, 'block');
      for (const sibling of Array.from(el.parentElement.children)) if (sibling !== el) display(sibling, 'none');
    }
    const notes = new Map<string, HTMLElement>();
    for (const note of Array.from(source.querySelectorAll<HTMLElement>('.footnote[id]'))) notes.set(note.id, note);
    const noteOf = (a: HTMLAnchorElement) => decodeURIComponent(a.hash.slice(1));
    const refs = Array.from(chapter.querySelectorAll<HTMLAnchorElement>('a[role="doc-noteref"]')).filter((a) => !source.contains(a) && notes.has(noteOf(a)));
    const saved = chapter.getAttribute('style');
    chapter.style.cssText += `; width: ${width}px; height: ${height}px; columns: ${width}px; column-gap: ${GAP}px; column-fill: auto; margin: 0; padding: 0; box-sizing: content-box;`;
    // A manuscript's page breaks end a column here as they will end a page in print.
    const pageBreaks = Array.from(chapter.querySelectorAll<HTMLElement>('.page-break'));
    for (const pb of pageBreaks) pb.style.breakAfter = 'column';
    const base = () => chapter.getBoundingClientRect();
    const columnOf = (r: DOMRect, b: DOMRect) => Math.max(0, Math.floor(((rtl ? b.right - r.right : r.left - b.left) + GAP / 2) / stride));
    /** The caret position at the start of the line at `y` in column `k` (hit-testing works only in view: scroll there first). */
    const caretAt = (k: number, y: number): Range | null => {
      // Column k is brought under the chapter's own left edge by a transform (no layout needed),
      // and the page scrolled to the line.
      chapter.style.transform = `translateX(${rtl ? k * stride : -k * stride}px)`;
      const b = base();
      // A little inside the column, past list and quotation indents; then back to the start of that line.
      const inset = Math.min(48, width / 4);
      const x = rtl ? b.right - k * stride - inset : b.left + k * stride + inset;
      window.scrollTo(window.scrollX, b.top + window.scrollY + y - 40);
      const hit = document.caretRangeFromPoint(x, base().top + y);
      if (hit === null) return null;
      const selection = window.getSelection()!;
      selection.collapse(hit.startContainer, hit.startOffset);
      selection.modify('move', 'backward', 'lineboundary');
      const start = document.createRange();
      start.setStart(selection.anchorNode ?? hit.startContainer, selection.anchorNode ? selection.anchorOffset : hit.startOffset);
      selection.removeAllRanges();
      return start;
    };
    /** The rectangle of the line a position is on (a collapsed range's caret box). */
    const caretRect = (range: Range) => {
      const rects = range.getClientRects();
      return rects.length > 0 ? rects[0]! : range.getBoundingClientRect();
    };
    const placedNotes = new Set<string>();
    const leftover: HTMLElement[] = [];

    /** The block box into which a page-end box goes before `el`, climbing out of first children, unbreakable boxes and past headings kept with what follows. */
    const blockAnchor = (start: Element): Element => {
      let el = start;
      for (let up = el.parentElement; up && up !== chapter; up = up.parentElement) if (unbreakable(up)) el = up;
      for (;;) {
        const parent = el.parentElement;
        if (parent && parent !== chapter && parent.firstElementChild === el && (parent.firstChild === el || (parent.firstChild?.nodeType === Node.TEXT_NODE && parent.firstChild.textContent!.trim() === '' && parent.firstChild.nextSibling === el))) {
          el = parent;
          continue;
        }
        if (heading(el.previousElementSibling)) {
          el = el.previousElementSibling!;
          continue;
        }
        return el;
      }
    };

    /** Where a page must end: a DOM position, with the top of its line in the column when it is inside a paragraph. */
    type BreakPoint = { node: Node; offset: number; top?: number };

    /** How many lines a range spans (its boxes' tops, a few pixels apart counting as one line). */
    const lineCount = (range: Range) => {
      const tops = Array.from(range.getClientRects()).filter((r) => r.height > 0).map((r) => Math.round(r.top + r.left * 1e4));
      tops.sort((a, c) => a - c);
      return tops.filter((t, i) => i === 0 || t - tops[i - 1]! > 6).length;
    };

    /**
     * Widows and orphans: a page end inside a paragraph takes one more line along rather than
     * leave a single line at the top of the next page, and moves before the paragraph rather than
     * leave one line at the bottom of this one.
     */
    const keepLines = (range: Range, k: number): BreakPoint => {
      let block: Node = range.startContainer;
      while (block !== chapter && !(block instanceof Element && blockish(block))) block = block.parentNode!;
      if (block === chapter || !(block instanceof Element) || unbreakable(block)) return { node: range.startContainer, offset: range.startOffset };
      let at = range;
      const rest = document.createRange();
      rest.setStart(at.startContainer, at.startOffset);
      rest.setEnd(block, block.childNodes.length);
      if (lineCount(rest) === 1) {
        const b = base();
        const previous = caretAt(k, caretRect(at).top - b.top - 3);
        if (previous && block.contains(previous.startContainer) && previous.compareBoundaryPoints(Range.START_TO_START, at) < 0) at = previous;
      }
      const head = document.createRange();
      head.setStart(block, 0);
      head.setEnd(at.startContainer, at.startOffset);
      if (lineCount(head) < 2) return { node: block, offset: 0 };
      return { node: at.startContainer, offset: at.startOffset, top: caretRect(at).top - base().top };
    };

    /** The first line in column `k` that reaches below `limit` (or the next column's first line), as the place to end the page. */
    const breakPoint = (k: number, limit: number): BreakPoint | 'end' => {
      // The first line of the next column, or the end of the chapter.
      const nextColumn = (): BreakPoint | 'end' => {
        const next = caretAt(k + 1, 1);
        if (next === null || !chapter.contains(next.startContainer) || next.startContainer === chapter || columnOf(caretRect(next), base()) !== k + 1) return 'end';
        return { node: next.startContainer, offset: next.startOffset };
      };
      let y = Math.max(0.5, limit - 0.5);
      for (let guard = 0; guard < 400 && y < height; guard++) {
        const range = caretAt(k, y);
        const b = base();
        // Between blocks (in a margin) the point hits the chapter itself: look a little lower.
        const line = range === null || !chapter.contains(range.startContainer) || range.startContainer === chapter ? undefined : caretRect(range);
        if (range && line && (columnOf(line, b) > k || (columnOf(line, b) === k && line.bottom - b.top > limit))) return keepLines(range, k);
        y = line && columnOf(line, b) === k ? Math.max(y + 6, line.bottom - b.top + 1) : y + 6;
      }
      return nextColumn();
    };

    /**
     * A box that would follow a manuscript's page break goes before it instead, and takes its place:
     * the box fills the rest of the page, so the break has nothing left to do.
     */
    const beforePageBreak = (placed: { box: HTMLElement; undo: () => void }): { box: HTMLElement; undo: () => void } => {
      const previous = placed.box.previousElementSibling;
      if (!(previous instanceof HTMLElement) || !previous.classList.contains('page-break')) return placed;
      previous.before(placed.box);
      previous.style.display = 'none';
      return {
        box: placed.box,
        undo: () => {
          placed.undo();
          previous.style.display = '';
        },
      };
    };

    /** Puts a page-end box at `point` (or at the end of the chapter): inline inside a paragraph, else before the block; with a way to take it out again. */
    const insertSpace = (point: BreakPoint | 'end'): { box: HTMLElement; undo: () => void } => {
      const box = document.createElement('div');
      const undo = () => box.remove();
      if (point === 'end') {
        chapter.insertBefore(box, source);
        return beforePageBreak({ box, undo });
      }
      const { node, offset } = point;
      const container = node.nodeType === Node.TEXT_NODE ? node.parentElement! : (node as Element);
      let block: Element = container;
      while (block !== chapter && !blockish(block)) block = block.parentElement!;
      const before = document.createRange();
      before.setStart(block, 0);
      before.setEnd(node, offset);
      const atStart = before.toString().trim() === '' && before.cloneContents().querySelector('img, svg, math') === null;
      let inUnbreakable = false;
      for (let up: Element | null = container; up && up !== chapter; up = up.parentElement) if (unbreakable(up)) inUnbreakable = true;
      if (block === chapter || atStart || inUnbreakable || heading(block)) {
        const target = block === chapter ? (node.nodeType === Node.TEXT_NODE ? node : (node.childNodes[offset] ?? null)) : blockAnchor(block);
        if (target === null || target === chapter) chapter.insertBefore(box, source);
        else target.parentNode!.insertBefore(box, target);
        return beforePageBreak({ box, undo });
      }
      const span = document.createElement('span');
      // The position as a node to insert before: a text node split there (a line that starts
      // inside a hyphenated word must now draw its hyphen), or an element's child.
      let text: Text | undefined;
      let original = '';
      let rest: Text | undefined;
      let at: Node | null;
      let parent: Node;
      if (node.nodeType === Node.TEXT_NODE) {
        text = node as Text;
        original = text.data;
        if (offset > 0 && original[offset - 1] === '\u00ad') text.data = `${original.slice(0, offset - 1)}-${original.slice(offset)}`;
        rest = offset > 0 ? text.splitText(offset) : undefined;
        at = rest ?? text;
        parent = text.parentNode!;
      } else {
        at = node.childNodes[offset] ?? null;
        parent = node;
      }
      // The box goes into the block itself: an inline element the page ends inside (a link,
      // emphasis, code) is split in two around it, so the notes are neither part of a link nor
      // set in its style. The second half is a shallow copy without the id.
      const splits: Array<{ first: Element; second: Element }> = [];
      while (parent !== block && parent instanceof Element) {
        // At the end of an inline element: after it.
        if (at === null) {
          at = parent.nextSibling;
          parent = parent.parentNode!;
          continue;
        }
        if (at === parent.firstChild) {
          at = parent;
        } else {
          const second = parent.cloneNode(false) as Element;
          second.removeAttribute('id');
          while (at) {
            const next: Node | null = at.nextSibling;
            second.append(at);
            at = next;
          }
          parent.after(second);
          splits.push({ first: parent, second });
          at = second;
        }
        parent = at.parentNode!;
      }
      block.insertBefore(span, at);
      return {
        box: span,
        undo: () => {
          span.remove();
          for (const { first, second } of splits.reverse()) {
            first.append(...Array.from(second.childNodes));
            second.remove();
          }
          rest?.remove();
          if (text) text.data = original;
        },
      };
    };

    /**
     * A box that ends a page inside an indented block (a quotation, a list) is pulled out to the
     * edges of the text block: its notes are as wide as they were measured, and as a page's notes
     * always are. Only its width changes, so the page end found stays where it is.
     */
    const fullWidth = (placed: { box: HTMLElement; undo: () => void }, r: DOMRect, b: DOMRect, k: number) => {
      const offset = rtl ? b.right - k * stride - r.right : r.left - (b.left + k * stride);
      if (Math.abs(offset) > 0.5 || Math.abs(r.width - width) > 0.5) {
        placed.box.style.marginInlineStart = `${-offset}px`;
        placed.box.style.width = `${width}px`;
        // Over the block's own rule or background (a quotation's side rule), which would run down beside the notes (its shadow covers the few pixels left under it, down to the page's end).
        placed.box.style.backgroundColor = paper;
        placed.box.style.boxShadow = `0 ${Math.max(0, Math.ceil(height - (r.bottom - b.top))) + 3}px 0 ${paper}`;
      }
      return placed;
    };

    /**
     * Ends page `k` where its text must stop, `limit` below the top, with a box filling the rest
     * of the page (`notes` at its bottom, `needed` tall at least). Moves the end up a line at a
     * time while the box would not stay on the page; null when no end holds.
     */
    const endPage = (k: number, limit: number, notes: HTMLElement | null, needed: number): { box: HTMLElement; undo: () => void } | null => {
      for (let attempt = 0; attempt < 6 && limit > 0; attempt++) {
        const point = breakPoint(k, limit);
        const { box, undo } = insertSpace(point);
        box.classList.add('page-notes-space');
        if (notes) box.append(notes);
        let b: DOMRect;
        if (point !== 'end' && point.top !== undefined && box.tagName === 'SPAN') {
          // Inside a paragraph the box starts where the line did (the caret's top is a hair
          // below the line's): sized from that at once, it needs one layout, not two. What is
          // left under it (a few pixels) holds no line, so the page still ends there.
          box.style.height = `${height - point.top - 2 * SLACK - 4}px`;
          b = base();
          const r = box.getBoundingClientRect();
          const bottom = r.bottom - b.top;
          if (columnOf(r, b) === k && bottom <= height - SLACK && bottom >= height - 12 && r.height >= needed) return fullWidth({ box, undo }, r, b, k);
        }
        box.style.height = `${needed}px`;
        b = base();
        const r = box.getBoundingClientRect();
        const top = r.top - b.top;
        if (columnOf(r, b) === k && top + needed + SLACK <= height) {
          box.style.height = `${height - top - SLACK}px`;
          b = base();
          const placed = box.getBoundingClientRect();
          if (columnOf(placed, b) === k) return fullWidth({ box, undo }, placed, b, k);
        }
        undo();
        notes?.remove();
        limit -= columnOf(r, b) === k ? Math.max(12, top + needed + SLACK - height) : 16;
      }
      return null;
    };

    /** Sets a note after the chapter instead (it fits on no page). */
    const fallBack = (id: string) => {
      placedNotes.add(id);
      leftover.push(notes.get(id)!);
      result.fallback++;
    };

    let k = 0;
    for (let guard = 0; guard < 10_000; guard++) {
      const pending = refs.filter((a) => !placedNotes.has(noteOf(a)));
      if (pending.length === 0) break;
      const b = base();
      k = Math.max(k, columnOf(pending[0]!.getBoundingClientRect(), b));
      // The notes first cited on this page, in order, with the bottom of the line citing each.
      const ids: string[] = [];
      const lines: number[] = [];
      for (const a of pending) {
        const r = a.getBoundingClientRect();
        if (columnOf(r, b) !== k) break;
        const id = noteOf(a);
        if (ids.includes(id)) continue;
        // The line's glyph box, as the page end is found by (a raised reference sits higher).
        const at = document.createRange();
        at.setStartBefore(a);
        at.collapse(true);
        ids.push(id);
        lines.push(Math.max(r.bottom, caretRect(at).bottom) - b.top);
      }
      if (ids.length === 0) {
        // The first reference left is on a page already done (a page end that would not hold).
        fallBack(noteOf(pending[0]!));
        continue;
      }
      // Greedy, as a compositor would: as many notes as fit with the lines that cite them.
      const block = notesBox('div', 'footnotes page-notes');
      host.append(block);
      pinType(block);
      let fit = 0;
      let notesHeight = 0;
      for (const [i, id] of ids.entries()) {
        block.append(notes.get(id)!);
        const h = block.getBoundingClientRect().height;
        if (lines[i]! + h + 2 * SLACK > height) break;
        fit = i + 1;
        notesHeight = h;
      }
      // A note that does not fit goes with its reference: the page ends before the line citing it
      // (unless the note is too long for any page: it will follow the chapter).
      const alone = (id: string) => {
        const probe = document.createElement('div');
        probe.className = 'footnotes page-notes';
        probe.append(notes.get(id)!.cloneNode(true));
        host.append(probe);
        const h = probe.getBoundingClientRect().height;
        probe.remove();
        return h;
      };
      const refOf = (id: string) => pending.find((a) => noteOf(a) === id)!;
      /**
       * Within the line a reference is on (half-way down the reference), as a limit the page must
       * end above: that line goes to the next page, the one above it stays. (Not the reference's
       * top: a raised number's top is above its line's, inside the line before.)
       */
      const lineMiddle = (ref: HTMLAnchorElement) => {
        const r = ref.getBoundingClientRect();
        return (r.top + r.bottom) / 2 - base().top;
      };
      // End the page where the text must stop for its notes, and put them at the bottom; if a
      // reference was carried over to the next page with it (widows kept, say), try again with
      // one note fewer.
      let ended = false;
      while (fit > 0 && !ended) {
        for (const id of ids.slice(fit)) source.append(notes.get(id)!);
        host.append(block);
        notesHeight = block.getBoundingClientRect().height;
        const needed = Math.ceil(notesHeight) + SLACK;
        const next = fit < ids.length && alone(ids[fit]!) < height * 0.8 ? refOf(ids[fit]!) : undefined;
        // Measured against the chapter as it is now: an earlier try scrolled the page (caretAt), so `b` is stale.
        const nextLine = next ? lineMiddle(next) : Infinity;
        const placed = endPage(k, Math.min(height - needed - SLACK, nextLine), block, needed);
        if (placed === null) break;
        const at = base();
        const stayed = ids.slice(0, fit).every((id) => {
          const ref = refOf(id);
          return columnOf(ref.getBoundingClientRect(), at) === k && (ref.compareDocumentPosition(placed.box) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
        });
        if (stayed) ended = true;
        else {
          placed.undo();
          fit--;
        }
      }
      if (ended) {
        for (const id of ids.slice(0, fit)) placedNotes.add(id);
        result.placed += fit;
        result.pages++;
        k++;
        continue;
      }
      if (fit > 0) {
        // No end of this page holds them (a paragraph kept whole, say): set them after the chapter
        // rather than on a wrong page.
        for (const id of ids.slice(0, fit)) fallBack(id);
        block.remove();
        k++;
        continue;
      }
      // The first note and its line do not fit under this page's text: end the page before that
      // line (a fresh page) — or, if it already starts a page, the note is too long for any page.
      for (const id of ids) source.append(notes.get(id)!);
      block.remove();
      if (lines[0]! < height * 0.2 || endPage(k, Math.max(1, lineMiddle(refOf(ids[0]!))), null, SLACK) === null) {
        // Too long for any page: it follows the chapter, and this page's other notes stay here.
        fallBack(ids[0]!);
        continue;
      }
      k++;
    }
    if (saved === null) chapter.removeAttribute('style');
    else chapter.setAttribute('style', saved);
    for (const pb of pageBreaks) pb.style.breakAfter = '';
    // Notes that found no page (too long for one, or never cited) follow the chapter, as endnotes.
    for (const note of Array.from(source.children)) if (!leftover.includes(note as HTMLElement)) leftover.push(note as HTMLElement);
    if (leftover.length > 0) {
      chapter.insertBefore(notesBox('section', 'footnotes', ...leftover), source);
      // A one-chapter book's colophon line (`data-closing`, print-document.ts) still ends the book.
      const closing = chapter.querySelector(':scope > [data-closing]');
      if (closing) chapter.insertBefore(closing, source);
    }
    source.remove();
  }
  for (const [el, value] of touched) el.style.display = value;
  host.remove();
  return result;
}
