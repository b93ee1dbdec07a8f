import type { Element } from 'hast';

/** An element's classes (hast keeps them as a list). */
export function classList(node: Element): string[] {
  return Array.isArray(node.properties.className) ? node.properties.className.map(String) : [];
}

/** Adds a class to an element, once. */
export function addClass(node: Element, name: string): void {
  const list = classList(node);
  if (!list.includes(name)) node.properties.className = [...list, name];
}
