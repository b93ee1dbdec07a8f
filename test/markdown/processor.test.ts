import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { createChapterProcessor } from '../../src/markdown/processor.js';

const processChapter = createChapterProcessor({ remarkPlugins: [], rehypePlugins: [], joinBrokenParagraphs: true });

async function run(markdown: string, data = { inferTitleBlock: true, bookRoot: '/nonexistent' }) {
  const { tree, file } = await processChapter(markdown, '/nonexistent/book.md', data);
  return { html: toHtml(tree), file, data: file.data.colophon! };
}

describe('title block', () => {
  it('takes the title, byline and date from the top and removes them from the body', async () => {
    const { html, data } = await run('# The Title\n\nBy Jane Roe and John Doe\n\nJune 30, 2011\n\nBody text.\n');
    expect(data.titleBlock).toEqual({ title: 'The Title', authors: ['Jane Roe', 'John Doe'], date: '2011-06-30' });
    expect(html).toBe('<p>Body text.</p>');
  });

  it('takes a byline before a paragraph that starts in lowercase, instead of joining them', async () => {
    const { html, data } = await run('# The Title\n\nBy Jane Roe\n\nand so it begins.\n');
    expect(data.titleBlock).toEqual({ title: 'The Title', authors: ['Jane Roe'] });
    expect(html).toBe('<p>and so it begins.</p>');
  });

  it('does not take prose that starts with "By" for a byline', async () => {
    const { html, data } = await run('# T\n\nBy the time we arrived, it was over.\n');
    expect(data.titleBlock).toEqual({ title: 'T' });
    expect(html).toContain('By the time we arrived');
  });

  it('keeps a first heading that differs from the front matter title', async () => {
    const { html, data } = await run('---\ntitle: Real Title\n---\n# Chapter One\n\nText.\n');
    expect(data.frontMatter).toEqual({ title: 'Real Title' });
    expect(data.titleBlock).toBeUndefined();
    expect(html).toContain('<h1 id="chapter-one">Chapter One</h1>');
  });
});

describe('content diagnostics', () => {
  it('reports an empty link at its line and keeps its text', async () => {
    const { html, file } = await run('Text\n\nSee [nothing](#) here.\n', { inferTitleBlock: false, bookRoot: '/x' });
    expect(html).toBe('<p>Text</p>\n<p>See nothing here.</p>');
    expect(file.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([['empty-link', 3, 5]]);
  });

  it('leaves out a link with nothing to show, at its line, with the empty paragraph HTML parsing made of one', async () => {
    const { html, file } = await run('Go [](https://example.com) on.\n\n<a href="https://example.org"><div>Block link</div></a>\n\n[$x$](https://example.net)\n', { inferTitleBlock: false, bookRoot: '/x' });
    expect(html.startsWith('<p>Go  on.</p>\n<div><a href="https://example.org">Block link</a></div>\n<p>')).toBe(true);
    // A formula (or an image) is something to show.
    expect(html).toMatch(/<p><a href="https:\/\/example\.net"><math[^>]*>.*<\/math><\/a><\/p>$/);
    expect(file.messages.filter((m) => m.ruleId === 'empty-link').map((m) => [m.line, m.column, m.reason])).toEqual([
      [1, 4, 'link to "https://example.com" left out: it has no text or image to show — write its text between the brackets'],
      [3, 1, 'link to "https://example.org" left out: it has no text or image to show — write its text between the brackets'],
    ]);
  });

  it('makes heading ids from their text without the numbers of the notes they cite, and gives one to a heading that is only an image', async () => {
    const { html } = await run('## Origins[^1]\n\n## Origins\n\n## ![Logo](data:image/gif;base64,R0lGODlhAQABAAAAACw=)\n\n## ![Logo](data:image/gif;base64,R0lGODlhAQABAAAAACw=)\n\n## Café & Co.\n\n[^1]: The note.\n', { inferTitleBlock: false, bookRoot: '/x' });
    expect([...html.matchAll(/<h2 id="([^"]*)"/g)].map((m) => m[1])).toEqual(['origins', 'origins-1', 'section-1', 'section-2', 'café--co']);
  });

  it('takes a <picture>\'s image, saying once that its sources are left out; an unknown element\'s content is looked at once', async () => {
    const { html, file } = await run('<picture><source srcset="a.webp" type="image/webp"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="A"></picture> and <frob><wibble>x</wibble></frob>\n', { inferTitleBlock: false, bookRoot: '/x' });
    expect(html).not.toMatch(/picture|source|srcset/);
    expect(file.messages.filter((m) => m.ruleId === 'html-unknown').map((m) => m.reason)).toEqual([
      '<picture> gives its <img>; its <source> alternatives are left out (a book carries one image)',
      'unknown element <frob> unwrapped (its content is kept)',
      'unknown element <wibble> unwrapped (its content is kept)',
    ]);
  });

  it('marks ordered lists by the digits of their widest number, for templates to indent them enough', async () => {
    const { html } = await run('1. a\n2. b\n\nText.\n\n9. a\n10. b\n\nText.\n\n1984. a\n\n<ol reversed start="-5"><li>x</li></ol>\n', { inferTitleBlock: false, bookRoot: '/x' });
    expect([...html.matchAll(/<ol([^>]*)>/g)].map((m) => m[1])).toEqual(['', ' start="9" class="digits-2"', ' start="1984" class="digits-4"', ' reversed start="-5" class="digits-2"']);
  });

  it('says where a note is never cited (its text would be in neither edition), a note cited in a note counting', async () => {
    const { file } = await run('Text.[^a]\n\n<div>Raw citing[^b]</div>\n\n[^a]: A, citing another.[^c]\n[^b]: B.\n[^c]: C.\n[^Unused]: Never cited.\n', { inferTitleBlock: false, bookRoot: '/x' });
    expect(file.messages.filter((m) => m.ruleId === 'note-uncited').map((m) => [m.line, m.column, m.reason])).toEqual([
      [6, 1, 'note [^b] is never cited, so its text is in neither edition: cite it with [^b] in the text (not inside raw HTML), or remove it'],
      [8, 1, 'note [^Unused] is never cited, so its text is in neither edition: cite it with [^Unused] in the text (not inside raw HTML), or remove it'],
    ]);
  });

  it('numbers numbered equations in order, written into the formula (temml leaves an HTML span for a counter)', async () => {
    const { html, file } = await run('$$\n\\begin{align}\na &= b \\\\\nc &= d\n\\end{align}\n$$\n\nText.\n\n$$\n\\begin{equation}e = f\\end{equation}\n$$\n\n$$\n\\begin{align*}g &= h\\end{align*}\n$$\n', { inferTitleBlock: false, bookRoot: '/x' });
    expect([...html.matchAll(/<mtext>(\(\d+\))<\/mtext>/g)].map((m) => m[1])).toEqual(['(1)', '(2)', '(3)']);
    expect(html).not.toContain('tml-eqn');
    expect(file.messages.map(String)).toEqual([]);
  });

  it('keeps a CDATA section\'s text as text, with a warning (an HTML parser dropped it as a comment)', async () => {
    const { html, file } = await run('Before.\n\n<![CDATA[\nThe hidden sentence & a > b.\n]]>\n\nInline <![CDATA[cdata text]]> after.\n', { inferTitleBlock: false, bookRoot: '/x' });
    expect(html).toBe('<p>Before.</p>\n<p>The hidden sentence &#x26; a > b.</p>\n<p>Inline cdata text after.</p>');
    expect(file.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([['html-cdata', 3, 1], ['html-cdata', 7, 8]]);
  });

  it('keeps a raw image\'s width and height from its inline style, as pandoc\'s {width=50%}, and drops the rest of the style', async () => {
    const { html, file } = await run('<img src="data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==" alt="Half" style="width: 50%">\n\n<img src="data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==" alt="Px" style="height:120px; border: 1px solid red">\n', { inferTitleBlock: false, bookRoot: '/x' });
    expect([...html.matchAll(/<img[^>]*alt="(\w+)"[^>]*?(?: style="([^"]*)")?>/g)].map((m) => [m[1], m[2]])).toEqual([['Half', 'width: 50%;'], ['Px', 'height: 120px;']]);
    expect(file.messages.filter((m) => m.ruleId === 'html-attribute').map((m) => [m.line, m.reason])).toEqual([[3, 'style on <img> removed, but for its height: not valid in EPUB 3 or not safe']]);
  });

  it('sets notes cited together apart by a comma ("1,2", not "12")', async () => {
    const { html } = await run('Two.[^a][^b][^c] One.[^d]\n\n[^a]: A.\n[^b]: B.\n[^c]: C.\n[^d]: D.\n', { inferTitleBlock: false, bookRoot: '/x' });
    const text = html.replace(/<aside[\s\S]*$/, '').replace(/<[^>]+>/g, '');
    expect(text).toContain('Two.1,2,3 One.4');
  });

  it('makes a figure of a captioned image alone in a tight list\'s item (its caption was lost)', async () => {
    const gif = 'data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==';
    const { html } = await run(`- ![Red](${gif} "The red one")\n- ![Blue](${gif})\n`, { inferTitleBlock: false, bookRoot: '/x' });
    expect(html).toMatch(/<li><figure><img src="[^"]+" alt="Red"><figcaption>The red one<\/figcaption><\/figure><\/li>\n<li><img src="[^"]+" alt="Blue"><\/li>/);
  });

  it('says once where the text has an unreadable character (a control character it had, or damaged text)', async () => {
    const { file } = await run('Fine line.\n\nA bad \uFFFD here and \uFFFD there.\n', { inferTitleBlock: false, bookRoot: '/x' });
    expect(file.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([['unreadable-character', 3, 7]]);
  });

  it('keeps a <fieldset>\'s <legend> apart from its text: both become blocks (they were unwrapped, "legendfieldset text")', async () => {
    const { html } = await run('<fieldset><legend>legend</legend>fieldset text</fieldset>\n', { inferTitleBlock: false, bookRoot: '/x' });
    expect(html).toBe('<div class="fieldset"><div class="legend">legend</div>fieldset text</div>');
  });

  it('keeps a definition of two paragraphs as two paragraphs (they ran together as one line)', async () => {
    const { html } = await run('Term\n: First paragraph.\n\n    Second paragraph.\n\nOther\n: Tight.\n', { inferTitleBlock: false, bookRoot: '/x' });
    expect(html).toContain('<dd>\n<p>First paragraph.</p>\n<p>Second paragraph.</p>\n</dd>');
    expect(html).toContain('<dd>Tight.\n</dd>');
  });

  it('keeps words apart where a block is unwrapped inside a line of text', async () => {
    const { html } = await run('<dl><dt>Term<div>more</div>after</dt><dd>Definition</dd></dl>\n\nA <span>b<p>c</p></span>\n', { inferTitleBlock: false, bookRoot: '/x' });
    expect(html).toContain('<dt>Term more after</dt>');
  });

  it('joins a paragraph broken mid-sentence and reports the first half', async () => {
    const { html, file } = await run('Intro.\n\nThe Kremlin\'s\n\ninitiatives matter.\n', { inferTitleBlock: false, bookRoot: '/x' });
    expect(html).toBe('<p>Intro.</p>\n<p>The Kremlin’s initiatives matter.</p>');
    expect(file.messages.map((m) => [m.ruleId, m.line])).toEqual([['broken-paragraph', 3]]);
  });

  it('leaves paragraphs that end properly alone', async () => {
    const { file } = await run('One sentence.\n\nlowercase start is fine after a period.\n', { inferTitleBlock: false, bookRoot: '/x' });
    expect(file.messages).toHaveLength(0);
  });
});

describe('typography and safety', () => {
  it('curls quotes and turns -- and --- into dashes', async () => {
    const { html } = await run('"Quoted," it\'s 1990--2000 --- ok...', { inferTitleBlock: false, bookRoot: '/x' });
    expect(html).toBe('<p>“Quoted,” it’s 1990–2000 — ok…</p>');
  });

  it('removes scripts, iframes and event handlers from raw HTML, with diagnostics', async () => {
    const { html, file } = await run('<script>alert(1)</script>\n\n<iframe src="file:///etc/passwd"></iframe>\n\n<p onclick="x()">Hi <a href="javascript:alert(1)">x</a></p>\n', { inferTitleBlock: false, bookRoot: '/x' });
    expect(html).not.toMatch(/script|iframe|onclick|javascript/);
    expect(html).toContain('<p>Hi <a>x</a></p>');
    expect(file.messages.filter((m) => m.ruleId === 'html-removed')).toHaveLength(3);
  });

  it('fails the file on invalid front matter, with its line', async () => {
    await expect(run('---\ntitle: [unclosed\n---\nText\n')).rejects.toMatchObject({ ruleId: 'front-matter', fatal: true });
    await expect(run('---\ntitle: {a: 1}\n---\nText\n')).rejects.toMatchObject({ reason: expect.stringContaining('title') });
    // A number is text as written (`title: 1984`).
    expect((await run('---\ntitle: 1984\n---\nText\n')).data.frontMatter).toEqual({ title: '1984' });
  });

  it('reports a wrong value or an unknown key of the front matter at its own line', async () => {
    await expect(run('---\ntitle: T\n\nauthor: A\ndate: [1]\n---\nText\n')).rejects.toMatchObject({ line: 5, reason: expect.stringContaining('date') });
    await expect(run('---\ntitle: T\nkeywords:\n  - a\n  - [b]\n---\nText\n')).rejects.toMatchObject({ line: 3, reason: expect.stringContaining('keywords') });
    const { file } = await run('---\ntitle: T\n\nsubtitel: S\n---\nText\n');
    expect(file.messages.filter((m) => m.ruleId === 'front-matter-key').map((m) => m.line)).toEqual([4]);
  });
});

describe('broken paragraph detection', () => {
  it('ignores seams made of raw HTML or images', async () => {
    const { file } = await run('<span>x</span>\n\n![lower alt](a.png)\n', { inferTitleBlock: false, bookRoot: '/x' });
    expect(file.messages.filter((m) => m.ruleId === 'broken-paragraph')).toEqual([]);
  });
});

describe('code highlighting', () => {
  it('highlights several languages of one chapter, loading their grammars together', async () => {
    const md = ['```rust\nfn main() {}\n```', '```python\ndef f(): pass\n```', '```sh\necho hi\n```', '```js\nconst x = 1\n```', '```no-such-language\nplain\n```'].join('\n\n');
    const { html } = await run(md, { inferTitleBlock: false, bookRoot: '/x' });
    expect(html).toContain('<span class="pl-k">fn</span>');
    expect(html).toContain('<span class="pl-k">def</span>');
    expect(html).toContain('<span class="pl-c1">echo</span>');
    expect(html).toContain('<span class="pl-k">const</span>');
    expect(html).toContain('<code class="language-no-such-language">plain\n</code>');
  });
});

describe('front matter safety', () => {
  it.each([
    ['---\ntitle: !!js/function "function(){}"\n---\nT\n', /may not use YAML tags/],
    ['---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n---\nT\n', /resource exhaustion|not usable/],
    ['---\n__proto__: {x: 1}\n---\nT\n', /"__proto__" is not allowed/],
  ])('refuses %j', async (md, reason) => {
    await expect(run(md)).rejects.toMatchObject({ fatal: true, ruleId: 'front-matter', reason: expect.stringMatching(reason) });
  });

  it("reads YAML closed by '...' (as pandoc does) and TOML between +++ lines, and well-formed BCP 47 tags", async () => {
    expect((await run('---\ntitle: Dots\nlang: en-x-house\n...\n\nText\n')).data.frontMatter).toEqual({ title: 'Dots', lang: 'en-x-house' });
    const toml = await run('+++\ntitle = "Toml book"\nauthor = ["A. One", "B. Two"]\ndate = 2024-05-01\nlang = "en-US-u-ca-gregory"\n+++\n\n# Chapter\n\nText.\n', { inferTitleBlock: false, bookRoot: '/x' });
    expect(toml.data.frontMatter).toEqual({ title: 'Toml book', author: ['A. One', 'B. Two'], date: '2024-05-01', lang: 'en-US-u-ca-gregory' });
    expect(toml.html).toBe('<h1 id="chapter">Chapter</h1>\n<p>Text.</p>');
    await expect(run('+++\ntitle = "unclosed\n+++\nText\n')).rejects.toMatchObject({ fatal: true, ruleId: 'front-matter', reason: expect.stringContaining('not valid TOML') });
    for (const lang of ['x-klingon', 'i-klingon', 'zh-Hant-TW', 'de-CH-1996', 'es-419']) expect((await run(`---\nlang: ${lang}\n---\nT\n`)).data.frontMatter).toEqual({ lang });
    for (const lang of ['english', 'en_US', 'e', 'en--us']) await expect(run(`---\nlang: ${lang}\n---\nT\n`)).rejects.toMatchObject({ reason: expect.stringContaining('BCP 47') });
    // A paragraph of dots after a rule is no front matter.
    expect((await run('---\n\nSome text\n\n...\n', { inferTitleBlock: false, bookRoot: '/x' })).html).toBe('<hr>\n<p>Some text</p>\n<p>…</p>');
  });

  it('treats a YAML block that is not a mapping as Markdown', async () => {
    const { html, data } = await run('---\nFoo\n---\nBar\n', { inferTitleBlock: false, bookRoot: '/x' });
    expect(data.frontMatter).toBeUndefined();
    expect(html).toBe('<hr>\n<h2 id="foo">Foo</h2>\n<p>Bar</p>');
  });
});

describe("GitHub's emoji shortcodes", () => {
  it('turns known shortcodes into emoji, outside code, and leaves times and unknown names alone', async () => {
    const { html } = await run('Ship it :rocket: :+1: at 10:30:00, :not_an_emoji:, `:rocket:` stays.\n', { inferTitleBlock: false, bookRoot: '/nonexistent' });
    expect(html).toBe('<p>Ship it 🚀 👍 at 10:30:00, :not_an_emoji:, <code>:rocket:</code> stays.</p>');
  });
});

describe('display math', () => {
  it('displays $$…$$ written on one line, as pandoc does: a block alone in its paragraph, display="block" within a line', async () => {
    const { html } = await run('$$E=mc^2$$\n\nIn a line $$a^2$$ here, and $5 and $10 stay.\n', { inferTitleBlock: false, bookRoot: '/x' });
    expect(html).toMatch(/^<div class="math-display"><math[^>]* display="block"/);
    expect(html).toMatch(/<p>In a line <math[^>]* display="block"[\s\S]*<\/math> here, and \$5 and \$10 stay\.<\/p>/);
  });

  it('says where $$ is never closed, and reports math it cannot read on one plain line', async () => {
    const { file } = await run('# Start\n\nBad: $\\foo{x}$ here.\n\n$$ x + y\n\nRest of the chapter.\n\n## Next\n', { inferTitleBlock: false, bookRoot: '/x' });
    const unclosed = file.messages.filter((m) => m.ruleId === 'math-unclosed');
    expect(unclosed.map((m) => [m.line, m.reason])).toEqual([[5, expect.stringContaining('never closed: it takes in the rest of the file (5 lines)')]]);
    const unread = file.messages.filter((m) => m.ruleId === 'math').map((m) => m.reason);
    expect(unread[0]).toBe('math could not be read: Unsupported function name: \\foo at position 1');
    for (const reason of unread) expect(reason).not.toMatch(/\n|\u0332|  /);
  });
});

describe('attribute lists', () => {
  it("reads pandoc's prefixed keys (epub:type=prologue) without leaking the list into the text, and says what is not kept", async () => {
    const { html, file } = await run('# Prologue {epub:type=prologue}\n\nText.\n\n::: {epub:type=tip}\nA tip.\n:::\n', { inferTitleBlock: false, bookRoot: '/x' });
    expect(html).toContain('<h1 id="prologue">Prologue</h1>');
    expect(html).toContain('<div><p>A tip.</p></div>');
    expect(html).not.toContain('epub:type');
    expect(file.messages.filter((m) => m.ruleId === 'heading-attribute').map((m) => [m.line, m.reason])).toEqual([[1, expect.stringContaining('epub:type=prologue not kept')]]);
  });
});

describe('old-style anchors', () => {
  it('takes <a name> for an id, so links to it keep working', async () => {
    const { html } = await run('<a name="old anchor"></a>Text.\n\nSee [it](#old%20anchor).\n', { inferTitleBlock: false, bookRoot: '/x' });
    expect(html).toContain('<a id="old-anchor"></a>');
    expect(html).not.toContain('name=');
  });
});

describe('empty headings', () => {
  it('leaves out a heading with nothing to read, keeping its id for links, and says so; a heading that is an image stays', async () => {
    const { html, file } = await run('# Start\n\n## {#anchor}\n\nText.\n\n###\n\n## ![A logo](logo.png)\n', { inferTitleBlock: false, bookRoot: '/nonexistent' });
    expect(html).toContain('<h1 id="start">Start</h1>\n<div id="anchor"></div>\n<p>Text.</p>');
    expect(html).not.toMatch(/<h3/);
    // (Its image is missing here: its alt text stands in.)
    expect(html).toMatch(/<h2[^>]*>A logo<\/h2>/);
    expect(file.messages.filter((m) => m.ruleId === 'empty-heading').map((m) => m.line)).toEqual([3, 7]);
  });
});
