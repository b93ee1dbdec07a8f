import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { createChapterProcessor } from '../../src/markdown/processor.js';

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
