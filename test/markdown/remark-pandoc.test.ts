import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { labelsFor } from '../../src/book/labels.js';
import { labelAlerts } from '../../src/book/localise.js';
import { createChapterProcessor } from '../../src/markdown/processor.js';

const processChapter = createChapterProcessor({ remarkPlugins: [], rehypePlugins: [], joinBrokenParagraphs: false });

async function run(markdown: string) {
  const { tree, file } = await processChapter(markdown, '/nonexistent/book.md', { inferTitleBlock: true, bookRoot: '/nonexistent' });
  return { html: toHtml(tree), data: file.data.colophon! };
}

describe("pandoc's Markdown extensions", () => {
  it('reads a % title block as the metadata of the file and removes it from the text', async () => {
    const { html, data } = await run('% The Title\n% Jane Roe; John Doe\n% March 3, 2020\n\nBody text.\n');
    expect(data.frontMatter).toEqual({ title: 'The Title', author: ['Jane Roe', 'John Doe'], date: 'March 3, 2020' });
    expect(html).toBe('<p>Body text.</p>');
    // Not a title block: not at the top, or a line without %.
    expect((await run('Text.\n\n% not a title\n')).data.frontMatter).toBeUndefined();
    expect((await run('% Title\nplain line\n')).data.frontMatter).toBeUndefined();
  });

  it('reads {-} as .unnumbered, a fenced code block\'s attributes, and raw blocks: HTML in, other formats out with a warning', async () => {
    const { tree, file } = await processChapter('Intro.\n\n## Preface {-}\n\n```{.python}\nx = 1\n```\n\n```{#listing .rust .wide}\nfn main() {}\n```\n\n```{=latex}\n\\newgeometry{margin=1in}\n```\n\n```{=html}\n<p class="raw">Raw</p>\n```\n', '/nonexistent/book.md', { inferTitleBlock: false, bookRoot: '/nonexistent' });
    const html = toHtml(tree);
    expect(html).toContain('<h2 class="unnumbered" id="preface">Preface</h2>');
    expect(html).toMatch(/<pre><code class="language-python">.*x.*<\/code><\/pre>/s);
    expect(html).toMatch(/<pre><code class="language-rust wide" id="listing">/);
    expect(html).not.toContain('newgeometry');
    expect(html).toContain('<p class="raw">Raw</p>');
    expect(file.messages.map((m) => [m.ruleId, m.line, m.reason])).toEqual([['raw-block', 13, 'raw latex block left out: only raw HTML goes into a book']]);
  });

  it('makes fenced divs, nested and with attributes, in any container', async () => {
    const { html } = await run('::: {.note #n1 lang=fr}\nFirst.\n\n:::: warning\nInner **bold**.\n::::\n\nLast.\n:::\n\n> ::: tip\n> Quoted.\n> :::\n');
    expect(html).toBe('<div id="n1" class="note" lang="fr"><p>First.</p><div class="warning"><p>Inner <strong>bold</strong>.</p></div><p>Last.</p></div>\n<blockquote>\n<div class="tip"><p>Quoted.</p></div>\n</blockquote>');
    // A stray closing fence stays text; an unclosed div ends with its container.
    expect((await run(':::\n\nText.\n')).html).toBe('<p>:::</p>\n<p>Text.</p>');
    expect((await run('::: open\nText.\n')).html).toBe('<div class="open"><p>Text.</p></div>');
  });

  it('turns \\newpage into a page break, except at the very end', async () => {
    const { html } = await run('One.\n\n\\newpage\n\nTwo.\n\n\\pagebreak\n');
    expect(html).toBe('<p>One.</p>\n<div class="page-break"></div>\n<p>Two.</p>');
  });

  it('makes inline notes into footnotes, markup and brackets inside them kept', async () => {
    const { html } = await run('Text.^[A *note* with [a link](https://example.com/) and [brackets].] More^[Second.]\n');
    expect(html).toMatch(/^<p>Text\.<sup><a href="#fn-inline-note-1"[^>]*>1<\/a><\/sup> More<sup><a href="#fn-inline-note-2"[^>]*>2<\/a><\/sup><\/p>/);
    expect(html).toMatch(/<aside id="fn-inline-note-1"[^>]*><p><a [^>]*>1\.<\/a> A <em>note<\/em> with <a href="https:\/\/example.com\/">a link<\/a> and \[brackets\]\. ?<\/p><\/aside>/);
    expect(html).toContain('Second.');
  });

  it('reports citations, which stay as written, and not e-mail addresses or links', async () => {
    const { tree, file } = await processChapter('As Smith shows [@smith2020, p. 33].\n\nSee [see @doe99; -@roe2001] and [mail me@example.org] and [@linked](https://example.org/).\n', '/nonexistent/book.md', { bookRoot: '/nonexistent' });
    const cited = file.messages.filter((m) => m.ruleId === 'citation').map((m) => `${m.line} ${/citation (.*) is left as written/.exec(m.reason)?.[1]}`);
    expect(cited).toEqual(['1 [@smith2020, p. 33]', '3 [see @doe99; -@roe2001]']);
    expect(toHtml(tree)).toContain('[@smith2020, p. 33]');
  });

  it('makes bracketed spans, sub- and superscripts, and reads image attributes', async () => {
    const { html } = await run('A [small caps]{.smallcaps} word, [*styled*]{lang=fr}, H~2~O, 2^10^, ~~struck~~ and [a bracket] kept.\n');
    expect(html).toBe('<p>A <span class="smallcaps">small caps</span> word, <span lang="fr"><em>styled</em></span>, H<sub>2</sub>O, 2<sup>10</sup>, <del>struck</del> and [a bracket] kept.</p>');
    // Spaces inside are not a script (pandoc's rule), code is never touched.
    expect((await run('a ^b c^ and `x^2^`\n')).html).toBe('<p>a ^b c^ and <code>x^2^</code></p>');
  });

  it('stays linear on thousands of unclosed brackets', async () => {
    const { html } = await run(`${'['.repeat(20_000)}x\n`);
    expect(html.length).toBeGreaterThan(20_000);
  });
});

describe('line blocks', () => {
  it('keeps the lines of verse and their indents, without the markers', async () => {
    const { html } = await run('| The woods are *lovely*, dark and deep,\n|    But I have promises to keep,\n| And miles to go\n\nProse | with a bar.\n');
    expect(html).toBe('<p class="line-block">The woods are <em>lovely</em>, dark and deep,<br>\n\u00a0\u00a0\u00a0But I have promises to keep,<br>\nAnd miles to go</p>\n<p>Prose | with a bar.</p>');
  });
});

describe("GitHub's alerts", () => {
  it('make a quotation opening with [!KIND] a titled note box, titled in the book language', async () => {
    const { tree } = await processChapter('> [!WARNING]\n> Do **not** touch.\n\n> [!tip]\n>\n> Second.\n\n> [!UNKNOWN] stays a quote.\n', '/x/a.md', { bookRoot: '/x' });
    labelAlerts(tree, labelsFor('de'));
    expect(toHtml(tree)).toBe(
      '<div class="warning alert" role="note">\n<p class="alert-title">Warnung</p>\n<p>Do <strong>not</strong> touch.</p>\n</div>\n' +
        '<div class="tip alert" role="note">\n<p class="alert-title">Tipp</p>\n<p>Second.</p>\n</div>\n' +
        '<blockquote>\n<p>[!UNKNOWN] stays a quote.</p>\n</blockquote>',
    );
    // A body starting in lowercase is not taken for the rest of the title's sentence.
    const joining = createChapterProcessor({ remarkPlugins: [], rehypePlugins: [], joinBrokenParagraphs: true });
    const lower = await joining('> [!NOTE]\n> lower case here.\n', '/x/a.md', { bookRoot: '/x' });
    expect(toHtml(lower.tree)).toContain('<p>lower case here.</p>');
  });
});

describe('round three of fuzzing', () => {
  const joining = createChapterProcessor({ remarkPlugins: [], rehypePlugins: [], joinBrokenParagraphs: true });
  const html = async (markdown: string, inferTitleBlock = true) => toHtml((await joining(markdown, '/x/a.md', { bookRoot: '/x', inferTitleBlock })).tree);

  it('keeps stanzas apart from each other and from the lowercase paragraph after them', async () => {
    expect(await html('| first\n| second\n\n| another block\n| here\n\nlowercase paragraph.\n')).toBe(
      '<p class="line-block">first<br>\nsecond</p>\n<p class="line-block">another block<br>\nhere</p>\n<p>lowercase paragraph.</p>',
    );
  });

  it('makes one page break of several, and none at the very start', async () => {
    expect(await html('\\newpage\n\n# One\n\nText.\n\n\\newpage\n\\newpage\n\nMore.\n', false)).toBe('<h1 id="one">One</h1>\n<p>Text.</p>\n<div class="page-break"></div>\n<p>More.</p>');
  });

  it("makes a chapter's title block its heading in a book of several chapters", async () => {
    expect(await html('% Chapter Title\n% Author\n\nText.\n', false)).toBe('<h1 id="chapter-title">Chapter Title</h1>\n<p>Text.</p>');
  });
});
