import { toHtml } from 'hast-util-to-html';
import { toString } from 'hast-util-to-string';
import { describe, expect, it } from 'vitest';
import { createChapterProcessor } from '../../src/markdown/processor.js';
import { hideRustLines } from '../../src/markdown/remark-include-directives.js';

const processChapter = createChapterProcessor({ remarkPlugins: [], rehypePlugins: [], joinBrokenParagraphs: false });

async function run(markdown: string) {
  const { tree, file } = await processChapter(markdown, '/nonexistent/book.md', { inferTitleBlock: false, bookRoot: '/nonexistent' });
  return { html: toHtml(tree), reported: file.messages.filter((m) => m.ruleId === 'mdbook-directive').map((m) => `${m.line}: ${m.reason.split(' is ')[0]}`) };
}

describe('mdBook directives', () => {
  it('reports the ones Colophon does not expand, and shows escaped ones as mdBook does: without the backslash, unreported', async () => {
    const { html, reported } = await run(
      'Real {{#include real.rs}} and escaped \\{{#include shown.rs}} in one paragraph.\n\n```rust\n{{#include code.rs}}\n\\{{#rustdoc_include escaped.rs:2}}\n```\n\n`\\{{#title T}}` and `{{#title U}}`\n',
    );
    expect(reported).toEqual(['1: mdBook directive {{#include real.rs}}', '3: mdBook directive {{#include code.rs}}: "code.rs" not found; it', '8: mdBook directive {{#title U}}']);
    expect(html).toContain('escaped {{#include shown.rs}} in one');
    expect(html).not.toContain('\\{{');
    expect(html).toContain('<code>{{#title T}}</code>');
  });
});

describe('hidden lines of Rust code', () => {
  it('hides what mdBook hides in Rust blocks (# lines), shows ## as #, keeps attributes and other languages', async () => {
    expect(hideRustLines('# fn main() {\nlet x = 1;\n    # let hidden = 2;\n#\n#[derive(Debug)]\n#![allow(unused)]\n## not hidden\n# }')).toBe('let x = 1;\n#[derive(Debug)]\n#![allow(unused)]\n# not hidden');
    const { tree } = await processChapter('```rust,editable\n# fn main() {\nprintln!("hi");\n# }\n```\n\n```sh\n# a shell comment\n```\n', '/nonexistent/a.md', { bookRoot: '/nonexistent' });
    const text = toString(tree);
    expect(text).not.toContain('fn main');
    expect(text).toContain('println!("hi");');
    expect(text).toContain('# a shell comment');
  });
});
