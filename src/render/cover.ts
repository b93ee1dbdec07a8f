import type { Element, Root } from 'hast';
import { s } from 'hastscript';
import { toXast } from 'hast-util-to-xast';
import type { Root as XastRoot } from 'xast';
import { toXmlDocument } from './xhtml.js';
import type { BookMeta } from '../book/model.js';
import { formatNames } from './title-block.js';

const WIDTH = 1600;
const HEIGHT = 2400;

/** Breaks text into lines of at most `max` characters, at spaces (long words stay whole). */
export function wrapText(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Picks a font size so the longest line fits the cover's width (serif glyphs ≈ 0.5 em wide). */
function fit(lines: string[], maxSize: number, width: number): number {
  const longest = Math.max(...lines.map((l) => [...l].length), 1);
  return Math.min(maxSize, Math.floor(width / (longest * 0.52)));
}

function textLines(lines: string[], size: number, y: number, attrs: Record<string, string>): Element[] {
  return lines.map((line, i) => s('text', { x: WIDTH / 2, y: y + i * size * 1.15, 'font-size': size, 'text-anchor': 'middle', ...attrs }, line));
}

/**
 * A typographic cover as SVG (no browser needed): title, subtitle and authors set on a plain field
 * with a rule, sized to fit. 1600 × 2400, the 2:3 ratio stores ask for.
 */
export function typographicCover(meta: BookMeta): string {
  const titleLines = wrapText(meta.title, 16);
  const titleSize = fit(titleLines, 150, WIDTH - 240);
  const subtitleLines = meta.subtitle ? wrapText(meta.subtitle, 32) : [];
  const subtitleSize = fit(subtitleLines, 72, WIDTH - 300);
  const author = meta.authors.length > 0 ? formatNames(meta.authors, meta.lang) : '';
  const authorSize = author ? fit([author], 80, WIDTH - 300) : 0;
  const titleTop = 760;
  const afterTitle = titleTop + titleLines.length * titleSize * 1.15;
  const family = { 'font-family': "'Source Serif 4', Georgia, 'Times New Roman', serif" };
  const svg = s(
    'svg',
    { xmlns: 'http://www.w3.org/2000/svg', version: '1.1', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, width: WIDTH, height: HEIGHT, role: 'img', ariaLabel: `Cover: ${meta.title}${author ? `, ${author}` : ''}` },
    [
      s('title', meta.title),
      s('rect', { x: 0, y: 0, width: WIDTH, height: HEIGHT, fill: '#f4efe4' }),
      s('rect', { x: 80, y: 80, width: WIDTH - 160, height: HEIGHT - 160, fill: 'none', stroke: '#7a1f1f', 'stroke-width': 6 }),
      ...textLines(titleLines, titleSize, titleTop, { ...family, fill: '#1d1d1d', 'font-weight': '600' }),
      ...textLines(subtitleLines, subtitleSize, afterTitle + subtitleSize, { ...family, fill: '#3a3a3a', 'font-style': 'italic' }),
      s('line', { x1: WIDTH / 2 - 160, x2: WIDTH / 2 + 160, y1: afterTitle + subtitleLines.length * subtitleSize * 1.15 + 90, y2: afterTitle + subtitleLines.length * subtitleSize * 1.15 + 90, stroke: '#7a1f1f', 'stroke-width': 5 }),
      ...(author ? textLines([author], authorSize, HEIGHT - 420, { ...family, fill: '#1d1d1d', 'letter-spacing': '4' }) : []),
    ],
  );
  const tree: Root = { type: 'root', children: [svg] };
  return toXmlDocument(toXast(tree) as XastRoot);
}
