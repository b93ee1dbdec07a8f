/// <reference lib="dom" />
/**
 * What is wider than the text block runs off the page in print, and what runs off is lost.
 * {@link fitWide} runs in the print page, after the fonts have loaded, and measures copies in a
 * host as wide as the text block (the book itself is not laid out on screen: see
 * `print-document.ts`), all at once (one layout):
 *
 * - a formula too wide (Chromium does not break formulas) is set smaller to fit, within what its
 *   paragraph's indent and its containers leave, down to a third of its size;
 * - a table too wide even with each column as narrow as its longest word is marked `overfull`:
 *   the template lets its cells break words anywhere (elsewhere words stay whole);
 * - a code block whose longest line is too long for the line is set smaller, down to three
 *   quarters of its size (6.4 pt for the templates' 8.5 pt), so that lines of up to about 80
 *   characters need not wrap on a 6 × 9 in page (a wrapped line of code starts again at the left
 *   edge, where it reads as a line of its own).
 *
 * It runs in the page, so it is self-contained. Returns how many of each it changed.
 */
export function fitWide(width: number): { formulas: number; tables: number; code: number } {
  const formulas = Array.from(document.querySelectorAll<HTMLElement>('math'));
  const tables = Array.from(document.querySelectorAll<HTMLElement>('table'));
  const blocks = Array.from(document.querySelectorAll<HTMLElement>('pre'));
  if (formulas.length === 0 && tables.length === 0 && blocks.length === 0) return { formulas: 0, tables: 0, code: 0 };
  const host = document.createElement('div');
  // Inline display beats the stylesheet that hides the book's elements on screen.
  host.style.cssText = `display: block; position: absolute; top: 0; left: -${4 * width}px; width: ${width}px;`;
  document.body.append(host);
  // All copies at once, each on a line of its own, so the host is laid out once, not per formula.
  // Styles are computed even where nothing is laid out: each copy gets its formula's own size.
  const copies = formulas.map((math) => {
    const line = document.createElement('div');
    line.style.fontSize = getComputedStyle(math).fontSize;
    // As wide as the formula: a displayed one is a block, as wide as its container otherwise.
    line.style.width = 'max-content';
    const copy = math.cloneNode(true) as HTMLElement;
    // Widths in percent (temml's `align` spreads its rows over the line with a 100% table and
    // 50% cells at its sides) mean nothing at the formula's own width: it is measured without them.
    for (const el of [copy, ...Array.from(copy.querySelectorAll<HTMLElement>('[style*="%"]'))]) if (el.style.width.endsWith('%')) el.style.width = '';
    line.append(copy);
    host.append(line);
    return copy;
  });
  // Tables as they are, in the text block's width: one that grows past it cannot fit.
  const tableCopies = tables.map((table) => host.appendChild(table.cloneNode(true) as HTMLElement));
  // Code blocks with no line wrapped, as wide as their longest line.
  const codeCopies = blocks.map((pre) => {
    const copy = host.appendChild(pre.cloneNode(true) as HTMLElement);
    copy.style.whiteSpace = 'pre';
    copy.style.width = 'max-content';
    return copy;
  });
  // Every width read before any size is set: one layout for all.
  const widths = copies.map((copy) => copy.getBoundingClientRect().width);
  const tableWidths = tableCopies.map((copy) => copy.getBoundingClientRect().width);
  const codeWidths = codeCopies.map((copy) => copy.getBoundingClientRect().width);
  let fitted = 0;
  // The room a formula has: the text block, less its paragraph's first-line indent (a formula
  // cannot break, so it may have to start the line) and its containers' own indents.
  const room = (element: HTMLElement) => {
    let indent = 0;
    let block: HTMLElement | null = element.parentElement;
    while (block && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
    if (block) indent += Math.max(0, parseFloat(getComputedStyle(block).textIndent) || 0);
    for (let el = block; el && el !== document.body; el = el.parentElement) {
      const style = getComputedStyle(el);
      indent += (parseFloat(style.marginLeft) || 0) + (parseFloat(style.marginRight) || 0) + (parseFloat(style.paddingLeft) || 0) + (parseFloat(style.paddingRight) || 0);
      if (el.classList.contains('chapter')) break;
    }
    return Math.max(width / 2, width - indent);
  };
  widths.forEach((wide, i) => {
    // The room is never under half the text block: a narrower formula needs no styles read.
    if (wide <= width / 2) return;
    const available = room(formulas[i]!);
    if (wide <= available) return;
    // Down to a third of its size: smaller still could not be read (and a warning would be due).
    formulas[i]!.style.fontSize = `${Math.max(33, Math.floor((available / wide) * 100) - 1)}%`;
    fitted++;
  });
  let overfull = 0;
  tableWidths.forEach((wide, i) => {
    if (wide <= width + 0.5) return;
    tables[i]!.classList.add('overfull');
    overfull++;
  });
  let smaller = 0;
  codeWidths.forEach((wide, i) => {
    if (wide <= width + 0.5) return;
    const pre = blocks[i]!;
    // The room of a block is the text block less its containers' indents (a list's, a quotation's).
    const style = getComputedStyle(pre);
    const available = room(pre) - (parseFloat(style.marginLeft) || 0) - (parseFloat(style.marginRight) || 0);
    if (wide <= available + 0.5) return;
    // Only the text scales with the type size, not the block's padding and borders.
    const frame = ['paddingLeft', 'paddingRight', 'borderLeftWidth', 'borderRightWidth'].reduce((sum, key) => sum + (parseFloat(style[key as 'paddingLeft']) || 0), 0);
    const size = parseFloat(style.fontSize);
    pre.style.fontSize = `${(size * Math.max(0.75, (available - frame) / (wide - frame))).toFixed(2)}px`;
    smaller++;
  });
  host.remove();
  return { formulas: fitted, tables: overfull, code: smaller };
}
