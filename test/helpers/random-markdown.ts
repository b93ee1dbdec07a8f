// Deterministic random manuscripts mixing every Markdown construct with hostile raw HTML, for
// checking that any input still gives a valid EPUB.

const WORDS = ['alpha', 'beta', 'Ωmega', '日本', 'naïve', 'x<y', 'a&b', '"q"', "it's", '--', '...', '`c`', '*e*', '**s**', '~~d~~', '$x$', '[^n]', '<br>', '&amp;', '&nbsp;', '&#x1F600;', '\\*', 'http://ex.org/a?b=1&c=2', 'www.example.com', 'a@b.co'];
const HTML = ['<div class="x" id="dup">inside <b>bold</b></div>', '<span style="x" data-k="v">s</span>', '<p align="right">para <img src="nope.png"></p>', '<table><tr><td><ul><li>li in td</li></ul></td></tr></table>', '<details><summary>Sum</summary>Body</details>', '<h2 id="dup">Raw heading</h2>', '<a name="anchor">named</a>', '<sup>1</sup><sub>2</sub>', '<ruby>漢<rt>kan</rt></ruby>', '<abbr title="t">ab</abbr>', '<dl><dt>t</dt><dd>d</dd></dl>', '<p>unclosed <em>em', '</div></p>', '<hr/>', '<br/>', '<input type="checkbox" checked>', '<math><mi>x</mi></math>', '<svg><circle r="1"/></svg>', '<blockquote><p>q</p></blockquote>', '<pre><code>c &lt; d</code></pre>', '<figure><figcaption>cap</figcaption></figure>', '<a href="#missing">x</a>', '<a href="ch2.md">y</a>', '<ol start="3" type="a"><li>x</li></ol>', '<time datetime="2020">t</time>', '<q cite="javascript:x">q</q>', '<caption>bad</caption>', '<td>orphan cell</td>', '<li>orphan li</li>', '<section><h1>s</h1></section>', '<nav>n</nav>', '<object data="x"></object>', '<mi>stray</mi>', '<rt>stray</rt>'];

/** A seeded generator of chapters: the same seed gives the same book. */
export function randomChapters(seed: number, count: number): string[] {
  let state = seed;
  const rnd = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const inline = () => Array.from({ length: 3 + Math.floor(rnd() * 8) }, () => pick(WORDS)).join(' ');
  const blocks: Array<() => string> = [
    () => `# ${inline()}`, () => `## ${inline()} {#dup .c}`, () => inline(), () => `> ${inline()}\n> > ${inline()}`,
    () => `- ${inline()}\n  - ${inline()}\n- [ ] ${inline()}`, () => `1. ${inline()}\n2. ${inline()}`,
    () => `| a | b |\n|:--|--:|\n| ${inline()} | ${inline()} |`, () => '```js\nlet x = "<b>";\n```', () => '    indented <code>',
    () => `$$\n${pick(['\\frac{1}{2}', 'x^2', '\\bad{', '\\begin{matrix}a&b\\\\c&d\\end{matrix}'])}\n$$`, () => pick(HTML), () => `${pick(HTML)} ${inline()} ${pick(HTML)}`,
    () => `[^n]: ${inline()}`, () => `Term\n: ${inline()}`, () => '***', () => `![${inline()}](img.png "t")`,
    () => `[link](${pick(['#dup', 'ch2.md', 'ch9.md#x', 'https://ok.org', 'javascript:x', 'file:///etc/passwd', 'mailto:a@b', '../out.md', ''])})`,
    () => `<!-- ${inline()} -->`, () => 'Setext\n===', () => `<https://${pick(['ok.org', '..', 'a%20b.org'])}/>`,
  ];
  return Array.from({ length: count }, () => `${Array.from({ length: 4 + Math.floor(rnd() * 10) }, () => pick(blocks)()).join('\n\n')}\n`);
}
