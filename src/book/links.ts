import type { Element, ElementContent, Root } from 'hast';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { SKIP, visit } from 'unist-util-visit';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Chapter } from './model.js';

/** The href of a chapter's document, the canonical form every renderer maps from. */
export function chapterFile(chapter: Pick<Chapter, 'id'>): string {
  return `${chapter.id}.xhtml`;
}

function idsOf(tree: Root): Set<string> {
  const ids = new Set<string>();
  visit(tree, 'element', (node: Element) => {
    if (typeof node.properties.id === 'string') ids.add(node.properties.id);
  });
  return ids;
}

/** Ids the editions give elements of their own in a chapter's document: page-break markers, and the title block's heading (one-chapter books). */
const RESERVED_ID = /^page-\d+$/;
const RESERVED_ID_WITH_TITLE = /^(title|page-\d+)$/;

/** Notes and their references: their ids are Colophon's (their links are made with them), so they keep them. */
const isNoteElement = (node: Element) => node.properties.role === 'doc-noteref' || node.properties.role === 'doc-footnote' || node.properties.role === 'doc-backlink';

/**
 * Makes every id in a chapter valid and unique: an empty id (an empty heading's slug) is dropped,
 * whitespace becomes `-`, and a repeat (a raw HTML id equal to a heading's) is renamed and reported,
 * as is an id the editions need for their own elements (`title`, `page-3`) or a note's (a heading
 * called "fn-1" must not take the link of note 1). Returns the ids the manuscript wrote that now
 * have another name (white space, or the edition's own), with that name, so links to them follow;
 * a link to a repeated id goes to the first, which kept it.
 */
function normaliseIds(chapter: Chapter, titled: boolean, report: (node: Element, message: string, rule: string) => void): Map<string, string> {
  const renamed = new Map<string, string>();
  const reserved = titled ? RESERVED_ID_WITH_TITLE : RESERVED_ID;
  const seen = new Set<string>();
  visit(chapter.tree, 'element', (node: Element) => {
    if (isNoteElement(node) && typeof node.properties.id === 'string') seen.add(node.properties.id);
  });
  const noteIds = new Set(seen);
  // The next suffix to try for each repeated id: thousands of repeats stay linear.
  const nextSuffix = new Map<string, number>();
  visit(chapter.tree, 'element', (node: Element) => {
    if (typeof node.properties.id !== 'string' || isNoteElement(node)) return;
    // The id as the manuscript wrote it, when the Markdown stage had to change it (`id="key point"`).
    const written = node.data?.writtenId ?? node.properties.id;
    const id = node.properties.id.trim().replace(/\s+/g, '-');
    if (id === '') {
      delete node.properties.id;
      return;
    }
    node.properties.id = id;
    const follow = (to: string) => {
      for (const from of [written, id]) if (from !== to && !renamed.has(from) && !seen.has(from)) renamed.set(from, to);
    };
    if (!seen.has(id) && !reserved.test(id)) {
      follow(id);
      seen.add(id);
      return;
    }
    let n = nextSuffix.get(id) ?? 2;
    while (seen.has(`${id}-${n}`)) n++;
    nextSuffix.set(id, n + 1);
    node.properties.id = `${id}-${n}`;
    // The edition's own id (`title`) is not the manuscript's to link to: its links mean this element.
    if (reserved.test(id) && !noteIds.has(id)) follow(`${id}-${n}`);
    seen.add(`${id}-${n}`);
    const whose = noteIds.has(id) ? "a note's" : reserved.test(id) ? "the edition's own" : undefined;
    report(node, whose ? `id "${id}" is ${whose}; this one is now "${id}-${n}"` : `id "${id}" is used twice in this chapter; the second is now "${id}-${n}"`, 'duplicate-id');
  });
  return renamed;
}

/**
 * Resolves links between chapters: `other.md#section`, `other.html` (mdBook's output names), a
 * folder whose README is a chapter (`../linked-list`, as GitHub shows it) and `#section` become
 * the target chapter's document and id (`ch03.xhtml#section`). A link to a missing chapter or
 * file, or to an anchor that does not exist, is reported at its line and loses its target (its
 * text stays), so the EPUB stays valid. Also makes ids unique within each chapter.
 */
export function resolveChapterLinks(chapters: ReadonlyArray<Chapter>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const byPath = new Map<string, Chapter>();
  for (const c of chapters) {
    // A file split into chapters is linked to at its first.
    if (byPath.has(c.path)) continue;
    byPath.set(c.path, c);
    const stem = join(dirname(c.path), basename(c.path, extname(c.path)));
    byPath.set(`${stem}.html`, c);
    byPath.set(`${stem}.xhtml`, c);
    if (/^(readme|index)$/i.test(basename(stem))) {
      byPath.set(join(dirname(c.path), 'index.html'), c);
      // A link to a folder (`../linked-list`), as GitHub shows it: its README.
      if (!byPath.has(dirname(c.path))) byPath.set(dirname(c.path), c);
    }
  }
  const renamed = new Map(chapters.map((c) => [c, normaliseIds(c, chapters.length === 1, (node, message, rule) => diagnostics.push(place(c, node, message, rule)))]));
  const ids = new Map(chapters.map((c) => [c, idsOf(c.tree)]));
  for (const chapter of chapters) {
    visit(chapter.tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'a' || typeof node.properties.href !== 'string') return undefined;
      const href = node.properties.href.trim();
      if (href === '' || /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) return undefined;
      const hash = href.indexOf('#');
      const pathPart = hash === -1 ? href : href.slice(0, hash);
      let fragment = hash === -1 ? '' : safeDecode(href.slice(hash + 1));
      let target: Chapter | undefined = chapter;
      if (pathPart !== '') {
        target = byPath.get(resolve(dirname(chapter.path), safeDecode(pathPart.replace(/\?.*$/, ''))));
        if (!target) {
          diagnostics.push(place(chapter, node, `link target "${href}" is not a chapter of this book; the link is removed (its text stays)`, 'broken-link'));
          return unwrap(node, index, parent);
        }
      }
      fragment = renamed.get(target)!.get(fragment) ?? fragment;
      // A file split into several chapters (a one-file book): the fragment may be in another of them.
      if (fragment !== '' && !ids.get(target)!.has(fragment)) {
        const from = target;
        const sibling = chapters.find((c) => c !== from && c.path === from.path && ids.get(c)!.has(renamed.get(c)!.get(fragment) ?? fragment));
        if (sibling) {
          fragment = renamed.get(sibling)!.get(fragment) ?? fragment;
          target = sibling;
        }
      }
      if (fragment !== '' && !ids.get(target)!.has(fragment)) {
        diagnostics.push(place(chapter, node, `anchor "#${fragment}" does not exist in ${basename(target.path)}; ${target === chapter ? 'the link is removed (its text stays)' : 'linking to the chapter instead'}`, 'broken-anchor'));
        if (target === chapter) return unwrap(node, index, parent);
        fragment = '';
      }
      node.properties.href = target === chapter && fragment !== '' ? `#${fragment}` : `${chapterFile(target)}${fragment ? `#${fragment}` : ''}`;
      return undefined;
    });
  }
  return diagnostics;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Replaces a link by its content; an id it had stays on an empty span, for what still points at it. */
function unwrap(node: Element, index: number | undefined, parent: Root | Element | undefined): [typeof SKIP, number] | undefined {
  if (!parent || index === undefined) return undefined;
  const anchor: ElementContent[] = typeof node.properties.id === 'string' ? [{ type: 'element', tagName: 'span', properties: { id: node.properties.id }, children: [] }] : [];
  parent.children.splice(index, 1, ...anchor, ...(node.children as ElementContent[]));
  return [SKIP, index];
}

function place(chapter: Chapter, node: Element, message: string, rule: string): Diagnostic {
  const d: Diagnostic = { file: chapter.path, severity: 'warning', message, rule };
  if (node.position) {
    d.line = node.position.start.line;
    d.column = node.position.start.column;
  }
  return d;
}
