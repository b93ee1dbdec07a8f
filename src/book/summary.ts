import type { List, ListItem, Link, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { visibleText } from '../markdown/xml-chars.js';

/** Where a chapter sits in the book. */
export type Matter = 'front' | 'body' | 'back';

/** One chapter listed in a SUMMARY.md. */
export interface SummaryEntry {
  /** The link's text. */
  title: string;
  /** The link's target, as written (relative to SUMMARY.md), without a fragment. */
  file: string;
  /** Nesting: 0 for a top-level chapter. */
  depth: number;
  /** The part heading above it, if any. */
  part?: string;
  /** Prefix chapters (before the numbered list) are front matter, suffix chapters back matter. */
  matter: Matter;
  /** Line in SUMMARY.md. */
  line: number;
}

/**
 * Reads a SUMMARY.md in mdBook or GitBook form: links give the chapters in order, list nesting
 * gives their depth, headings (after the first `# Summary`) name parts, plain links before the
 * first list are prefix (front matter) chapters and those after the last list suffix (back matter)
 * chapters. Draft chapters (`[Title]()`) and links to other sites are reported and skipped.
 */
export function parseSummary(text: string, path: string): { entries: SummaryEntry[]; diagnostics: Diagnostic[] } {
  const tree = unified().use(remarkParse).parse(text) as Root;
  const entries: SummaryEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  let part: string | undefined;
  let seenList = false;
  let titleSeen = false;

  const add = (link: Link, depth: number, matter: Matter) => {
    const line = link.position?.start.line ?? 1;
    const title = visibleText(toString(link));
    const url = link.url.trim();
    if (url === '' || url === '#') {
      diagnostics.push({ file: path, line, column: link.position?.start.column ?? 1, severity: 'warning', rule: 'summary-draft', message: `draft chapter "${title}" has no file and is left out` });
      return;
    }
    let file: string;
    try {
      file = decodeURIComponent(url.replace(/#.*$/, ''));
    } catch {
      file = url.replace(/#.*$/, '');
    }
    // A web address, or `[Section](#intro)`: a place in SUMMARY.md itself, or in no file at all.
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//') || file.trim() === '') {
      diagnostics.push({ file: path, line, column: 1, severity: 'warning', rule: 'summary-link', message: `"${title}" links to ${url}, not to a chapter file; left out` });
      return;
    }
    const entry: SummaryEntry = { title, file, depth, matter, line };
    // Parts divide the numbered chapters; the back matter after them belongs to none.
    if (part !== undefined && matter === 'body') entry.part = part;
    entries.push(entry);
  };

  const walkList = (list: List, depth: number) => {
    for (const item of list.children as ListItem[]) {
      for (const child of item.children) {
        if (child.type === 'paragraph') {
          const link = child.children.find((c): c is Link => c.type === 'link');
          if (link) add(link, depth, 'body');
          else if (toString(child).trim() !== '') {
            diagnostics.push({ file: path, line: child.position?.start.line ?? 1, column: 1, severity: 'warning', rule: 'summary-link', message: `"${toString(child).trim().slice(0, 60)}" is not a link to a chapter; left out` });
          }
        } else if (child.type === 'list') walkList(child, depth + 1);
      }
    }
  };

  const lastListIndex = tree.children.map((c) => c.type).lastIndexOf('list');
  tree.children.forEach((node: RootContent, index) => {
    if (node.type === 'heading') {
      if (!titleSeen && node.depth === 1 && entries.length === 0 && !seenList) titleSeen = true;
      else {
        // A part heading with nothing to read (`# ![](art.png)`) names no part.
        const label = visibleText(toString(node));
        part = label === '' ? undefined : label;
        if (label === '') diagnostics.push({ file: path, line: node.position?.start.line ?? 1, column: 1, severity: 'warning', rule: 'summary-part', message: 'a part heading has no text; the chapters after it are listed without a part' });
      }
    } else if (node.type === 'list') {
      seenList = true;
      walkList(node, 0);
    } else if (node.type === 'paragraph') {
      const matter: Matter = !seenList ? 'front' : index > lastListIndex ? 'back' : 'body';
      visit(node, 'link', (link: Link) => add(link, 0, matter));
    }
  });
  return { entries, diagnostics };
}
