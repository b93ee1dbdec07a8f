import { cp, mkdir, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { builtinTemplatesDir } from './config/load.js';
import { ColophonError } from './diagnostics/diagnostic.js';

const CONFIG = `import { defineConfig } from 'colophon';

// Colophon's build configuration. Paths resolve against this file's folder.
// Every key is optional; these are the defaults, spelled out to show what can be set.
export default defineConfig({
  out: 'dist',
  formats: ['epub', 'pdf'],
  metadata: {
    lang: 'en',
    publisher: 'Your Press',
  },
  template: 'default',
  pdf: { trim: '6x9in', bleed: false, cropMarks: false },
});
`;

const BOOK_YAML = `title: My First Book
author: Your Name
lang: en
description: A short book made with Colophon.
chapters:
  - 01-introduction.md
  - 02-the-story.md
`;

const CHAPTER_1 = `# Introduction

This is the first chapter of your book. Write in Markdown: *emphasis*, **strong**, [links to
other chapters](02-the-story.md#a-section), footnotes,[^1] and tables:

| Edition | Format |
|---------|:------:|
| E-book  | EPUB 3 |
| Print   | PDF    |

[^1]: Footnotes become pop-up notes in the e-book.
`;

const CHAPTER_2 = `# The Story

"Quotes" and dashes -- like these --- are typeset for you.

## A Section

Math is welcome too: $e^{i\\pi} + 1 = 0$.

\`\`\`js
console.log('Code is highlighted at build time.');
\`\`\`
`;

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Scaffolds a Colophon project in `dir`: a `build.config.ts`, a sample folder book in
 * `manuscripts/`, and a copy of the default template to adapt. Refuses to overwrite anything.
 * Returns the files written, relative to `dir`.
 */
export async function init(dir: string): Promise<string[]> {
  const root = resolve(dir);
  const files: Array<[string, string]> = [
    ['build.config.ts', CONFIG],
    ['manuscripts/my-first-book/book.yaml', BOOK_YAML],
    ['manuscripts/my-first-book/01-introduction.md', CHAPTER_1],
    ['manuscripts/my-first-book/02-the-story.md', CHAPTER_2],
  ];
  const template = join(root, 'templates', 'default');
  const taken = [];
  for (const [path] of files) if (await exists(join(root, path))) taken.push(path);
  if (await exists(template)) taken.push('templates/default');
  if (taken.length > 0) throw new ColophonError(`init: ${taken.join(', ')} already exist${taken.length === 1 ? 's' : ''} in ${root}; nothing was written`, 2);
  for (const [path, text] of files) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), text, { flag: 'wx' });
  }
  await cp(join(builtinTemplatesDir, 'default'), template, { recursive: true, errorOnExist: true, force: false });
  return [...files.map(([p]) => p), 'templates/default/'];
}
