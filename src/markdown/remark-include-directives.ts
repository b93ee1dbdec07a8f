import { readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { isInside } from '../paths.js';

const NAMES = 'include|rustdoc_include|playground|title|template';
const DIRECTIVE = new RegExp(`(\\\\?)\\{\\{#(${NAMES})\\b([^}]*)\\}\\}`, 'g');
/** An included file is code, not a book: more than this is surely a mistake. */
const MAX_INCLUDE_BYTES = 1024 * 1024;

/**
 * A Rust code block as mdBook shows it: a line that is `#` alone or starts with `# ` (after its
 * indentation) is hidden; `##` at its start stands for `#`. (`#[derive]`, `#![allow]` are code.)
 */
export function hideRustLines(code: string): string {
  const lines = code.split('\n').flatMap((line) => {
    const m = /^(\s*)#(.?)/.exec(line);
    if (!m) return [line];
    if (m[2] === '' || m[2] === ' ') return [];
    return m[2] === '#' ? [m[1] + line.slice(m[1]!.length + 1)] : [line];
  });
  return lines.join('\n');
}

/**
 * mdBook's preprocessor directives. In code blocks, `{{#include file.rs}}` (and `rustdoc_include`,
 * `playground`) takes in the file, relative to the chapter and inside the book's folder, whole or
 * in part as mdBook reads it: `file.rs:5` (line 5), `file.rs:2:10`, `file.rs::10`, `file.rs:2:`
 * (line ranges, from 1) or `file.rs:name` (between `ANCHOR: name` and `ANCHOR_END: name`), anchor
 * lines left out. (For print, `rustdoc_include` shows only the part it names; mdBook hides the rest
 * behind `#`.) Anything else — a directive in prose, which mdBook would splice in as Markdown,
 * `{{#title}}`, a file that cannot be read — is reported and left as written, so nothing
 * disappears silently. A directive escaped as mdBook has it (`\{{#include file.rs}}`, to show the
 * syntax) is text: shown without its backslash, and not reported. Rust code blocks hide lines as
 * mdBook does ({@link hideRustLines}).
 */
export function remarkIncludeDirectives() {
  return (tree: Root, file: VFile) => {
    const source = String(file.value);
    const data = (file.data.colophon ??= {});
    let bookRoot: string | undefined;
    const report = (message: string, node: { position?: Root['position'] }) => file.message(message, { ...(node.position ? { place: node.position } : {}), ruleId: 'mdbook-directive', source: 'colophon' });
    visit(tree, (node) => {
      if (node.type !== 'text' && node.type !== 'code' && node.type !== 'inlineCode' && node.type !== 'html') return;
      const literal = node as { value: string; position?: Root['position'] };
      if (!literal.value.includes('{{#')) return;
      if (node.type === 'code') {
        literal.value = literal.value.replace(DIRECTIVE, (all, escape: string, name: string, argument: string) => {
          if (escape === '\\') return all.slice(1);
          if (name === 'title' || name === 'template') {
            report(`mdBook directive ${all.slice(0, 60)} has no meaning in a book and is left as text`, literal);
            return all;
          }
          // The book's folder as the file system names it (links resolved), looked up once per chapter.
          bookRoot ??= data.bookRoot === undefined ? undefined : realRoot(data.bookRoot);
          const taken = include(argument.trim(), file.path ? dirname(file.path) : undefined, bookRoot);
          if (typeof taken === 'string') {
            report(`mdBook directive ${all.slice(0, 60)}: ${taken}; it is left as text`, literal);
            return all;
          }
          (data.includes ??= []).push(taken.path);
          return taken.text;
        });
        return;
      }
      // In text, Markdown has already taken the backslash of `\{`: the source shows whether it was there.
      const start = literal.position?.start.offset;
      const end = literal.position?.end.offset;
      const written = node.type === 'text' && start !== undefined && end !== undefined ? source.slice(start, end) : literal.value;
      for (const m of written.matchAll(DIRECTIVE)) {
        if (m[1] === '\\') continue;
        report(`mdBook directive ${m[0].slice(0, 60)} is not expanded outside code blocks and is left as text; paste the included text instead`, literal);
      }
      // Inline code keeps its backslashes as typed: mdBook shows an escaped directive without it.
      if (node.type !== 'text') literal.value = literal.value.replace(new RegExp(`\\\\(\\{\\{#(?:${NAMES})\\b)`, 'g'), '$1');
    });
    // mdBook hides the lines of Rust code that start with `# ` (set-up a reader need not see); `##` shows as `#`.
    visit(tree, 'code', (node) => {
      if (/^rust(,|$)/.test(node.lang ?? '')) node.value = hideRustLines(node.value);
    });
  };
}

/** A folder's real path (links resolved), or the path as given when it cannot be resolved. */
function realRoot(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** The part of a file a directive's argument names, or why it cannot be had (`root`: the book's folder, links resolved). */
function include(argument: string, from: string | undefined, root: string | undefined): { path: string; text: string } | string {
  if (from === undefined || root === undefined || argument === '') return 'no file to include';
  // `path`, then an optional `:start:end` range or `:anchor` (a path may hold no colon mdBook reads).
  const [ref, ...selector] = argument.split(':');
  let real: string;
  try {
    real = realpathSync(resolve(from, ref!.trim()));
  } catch {
    return `"${ref}" not found`;
  }
  if (!isInside(root, real)) return `"${ref}" is outside the book's folder; only files inside ${root} are read`;
  const info = statSync(real);
  if (!info.isFile()) return `"${ref}" is not a regular file`;
  if (info.size > MAX_INCLUDE_BYTES) return `"${ref}" is ${info.size} bytes; the limit for an included file is ${MAX_INCLUDE_BYTES}`;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(real));
  } catch {
    return `"${ref}" is not UTF-8 text`;
  }
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  const anchorLine = /\b(ANCHOR|ANCHOR_END):\s*([\w-]+)/;
  /** Whether a line is the `ANCHOR:` (or `ANCHOR_END:`) line of `name`. */
  const marks = (line: string, kind: string, name: string) => {
    const m = anchorLine.exec(line);
    return m?.[1] === kind && m[2] === name;
  };
  let picked = lines;
  if (selector.length === 1 && selector[0] !== '' && !/^\d+$/.test(selector[0]!)) {
    const name = selector[0]!.trim();
    const open = lines.findIndex((l) => marks(l, 'ANCHOR', name));
    if (open === -1) return `no "ANCHOR: ${name}" in "${ref}"`;
    const close = lines.findIndex((l, i) => i > open && marks(l, 'ANCHOR_END', name));
    picked = lines.slice(open + 1, close === -1 ? undefined : close);
  } else if (selector.length >= 1) {
    const number = (s: string | undefined) => (s === undefined || s.trim() === '' ? undefined : Number(s));
    const first = number(selector[0]);
    const last = selector.length === 1 ? first : number(selector[1]);
    if ((first !== undefined && !(first >= 1)) || (last !== undefined && !(last >= 1))) return `"${argument}" is not a line range mdBook reads`;
    picked = lines.slice((first ?? 1) - 1, last);
  }
  return { path: real, text: picked.filter((l) => !anchorLine.test(l)).join('\n') };
}
