import type { Element } from 'hast';
import { addClass } from './class-list.js';

/**
 * Marks an ordered list whose numbers take two digits or more (`digits-2`, `digits-3`, and
 * `digits-4` for four or more, a minus sign counted), so that a template can indent it by as much
 * as its widest number needs: numbers are set outside the items, and "100." in a list indented for
 * "9." runs into the margin, where the print page cuts it ("00.").
 */
export function markListDigits(ol: Element): void {
  const items = ol.children.filter((c) => c.type === 'element' && c.tagName === 'li').length;
  const start = Number(ol.properties.start ?? (ol.properties.reversed ? items : 1));
  if (!Number.isFinite(start)) return;
  const last = ol.properties.reversed ? start - items + 1 : start + items - 1;
  const digits = Math.max(...[start, last].map((n) => String(Math.trunc(n)).length));
  if (digits >= 2) addClass(ol, `digits-${Math.min(digits, 4)}`);
}
