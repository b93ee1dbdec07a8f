import type { Element } from 'hast';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { setCodeLines } from '../../src/render/code-lines.js';

describe('setCodeLines', () => {
  it('sets each line in a box of its own, with how far its wrapped part goes in', () => {
    const pre: Element = h('pre', [h('code.language-python', ['def f():\n', h('span.pl-s', { id: 's' }, '"""one\n\tand two"""'), '\n\n    return 1\n'])]);
    setCodeLines(pre);
    expect(toHtml(pre)).toBe(
      '<pre class="code-lines"><code class="language-python">' +
        '<span class="line" style="--hang: 4ch">def f():</span>' +
        // A highlighted span across a line end is repeated on each line (its id only on the first).
        '<span class="line" style="--hang: 4ch"><span class="pl-s" id="s">"""one</span></span>' +
        '<span class="line" style="--hang: 12ch"><span class="pl-s">\tand two"""</span></span>' +
        '<span class="line" style="--hang: 4ch"><br></span>' +
        '<span class="line" style="--hang: 8ch">    return 1</span>' +
        '</code></pre>',
    );
  });

  it('keeps the hang within reach of the page for a deeply indented line, and takes a pre without code', () => {
    const pre: Element = h('pre', [' '.repeat(40) + 'deep\nflat']);
    setCodeLines(pre);
    expect(toHtml(pre)).toBe(`<pre class="code-lines"><span class="line" style="--hang: 24ch">${' '.repeat(40)}deep</span><span class="line" style="--hang: 4ch">flat</span></pre>`);
  });
});
