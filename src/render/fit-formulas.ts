/// <reference lib="dom" />
/**
 * A formula wider than the text block would run off the page in print, and what runs off is
 * lost (Chromium does not break formulas). {@link fitWideFormulas} runs in the print page, after
 * the fonts have loaded: each formula is measured on a copy, in a host as wide as the text block (the book itself is not laid out on screen: see `print-document.ts`), and one too
 * wide is set smaller to fit, down to half size. It runs in the page, so it is self-contained.
 * Returns how many formulas were made smaller.
 */
export function fitWideFormulas(width: number): number {
  const formulas = Array.from(document.querySelectorAll<HTMLElement>('math'));
  if (formulas.length === 0) return 0;
  const host = document.createElement('div');
  // Inline display beats the stylesheet that hides the book's elements on screen.
  host.style.cssText = `display: block; position: absolute; top: 0; left: -${4 * width}px; width: ${width}px;`;
  document.body.append(host);
  let fitted = 0;
  for (const math of formulas) {
    // Styles are computed even where nothing is laid out: the copy gets the formula's own size.
    host.style.fontSize = getComputedStyle(math).fontSize;
    const copy = math.cloneNode(true) as HTMLElement;
    host.replaceChildren(copy);
    const wide = copy.getBoundingClientRect().width;
    if (wide <= width) continue;
    math.style.fontSize = `${Math.max(50, Math.floor((width / wide) * 100) - 1)}%`;
    fitted++;
  }
  host.remove();
  return fitted;
}
