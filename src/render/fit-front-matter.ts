/// <reference lib="dom" />
/**
 * A front-matter page is one page tall (its overflow hidden, so that it never spills onto a page
 * of its own), so what does not fit is cut off: a title of a few hundred characters lost its last
 * lines, the authors and the publisher. {@link fitFrontMatter} runs in the print page, after the
 * fonts have loaded, and sets the content of each such page smaller (CSS zoom, margins with it)
 * until it fits, down to a third. It runs in the page, so it is self-contained. Returns how many
 * pages were made smaller.
 */
export function fitFrontMatter(width: number): number {
  const front = document.querySelector<HTMLElement>('.front-matter');
  if (!front) return 0;
  // The book is not laid out on screen (see `print-document.ts`): the front matter is, while measured.
  const saved = front.getAttribute('style');
  front.style.cssText += `; display: block; width: ${width}px;`;
  let fitted = 0;
  for (const page of Array.from(front.querySelectorAll<HTMLElement>(':scope > [data-page]'))) {
    const over = () => page.scrollHeight > page.clientHeight + 1;
    if (!over()) continue;
    const parts = Array.from(page.children) as HTMLElement[];
    for (let zoom = 0.9; zoom >= 0.3 && over(); zoom -= 0.05) for (const part of parts) part.style.zoom = zoom.toFixed(2);
    fitted++;
  }
  if (saved === null) front.removeAttribute('style');
  else front.setAttribute('style', saved);
  return fitted;
}
