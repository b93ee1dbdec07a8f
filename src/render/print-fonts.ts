/// <reference lib="dom" />
/**
 * The print page lays nothing out on screen (see `print-document.ts`), so no web font has been
 * asked for once the page has loaded. {@link loadBookFonts} runs in the page first: it loads every
 * declared face whose `unicode-range` covers a character of the book (or the punctuation
 * Colophon's CSS adds) and waits for them, so the page-note layout measures in the book's own
 * fonts and the print never starts with a face still loading. It runs in the page, so it is
 * self-contained.
 */
export async function loadBookFonts(): Promise<number> {
  const used = new Set<number>();
  for (const ch of document.body.textContent ?? '') used.add(ch.codePointAt(0)!);
  // Generated content: leaders, list markers, ornaments, quotes and digits.
  for (const ch of ' .,:;·•–—‘’“”«»‹›⁂0123456789-') used.add(ch.codePointAt(0)!);
  const covers = (range: string) =>
    range.split(',').some((part) => {
      const m = /U\+([0-9A-F?]+)(?:-([0-9A-F]+))?/i.exec(part.trim());
      if (!m) return true;
      const low = parseInt(m[1]!.replace(/\?/g, '0'), 16);
      const high = m[2] ? parseInt(m[2], 16) : parseInt(m[1]!.replace(/\?/g, 'F'), 16);
      for (const cp of used) if (cp >= low && cp <= high) return true;
      return false;
    });
  // Iterated, not forEach: with the page's JavaScript off, Chromium runs no callback of ours.
  const faces: FontFace[] = [];
  for (const face of document.fonts as unknown as Iterable<FontFace>) if (face.status === 'unloaded' && covers(face.unicodeRange)) faces.push(face);
  await Promise.all(faces.map((face) => face.load().catch(() => undefined)));
  await document.fonts.ready;
  return faces.length;
}
