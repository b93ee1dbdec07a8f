import { describe, expect, it } from 'vitest';
import { sanitizeSvg } from '../../src/assets/sanitize-svg.js';
import { sniffImageType } from '../../src/assets/sniff.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (clean: { bytes: Uint8Array } | undefined) => (clean ? new TextDecoder().decode(clean.bytes) : undefined);

// As Adobe Illustrator exports SVG: a DOCTYPE with entities for its namespaces.
const illustrator = `<?xml version="1.0" encoding="utf-8"?>
<!-- Generator: Adobe Illustrator 16.0.0, SVG Export Plug-In . SVG Version: 6.00 Build 0)  -->
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [
\t<!ENTITY ns_extend "http://ns.adobe.com/Extensibility/1.0/">
\t<!ENTITY ns_ai "http://ns.adobe.com/AdobeIllustrator/10.0/">
\t<!ENTITY ns_graphs 'http://ns.adobe.com/Graphs/1.0/'>
]>
<svg version="1.1" xmlns:x="&ns_extend;" xmlns:i="&ns_ai;" xmlns:graph="&ns_graphs;" xmlns="http://www.w3.org/2000/svg" width="200px" height="100px" viewBox="0 0 200 100">
<g i:extraneous="self"><rect x="10" y="10" fill="#3366CC" width="180" height="80"/><text x="20" y="50">Tom &amp; Jerry</text></g>
</svg>
`;

describe('SVG entities', () => {
  it("takes an Illustrator SVG: its DOCTYPE's plain entities written out, the DOCTYPE gone", () => {
    expect(sniffImageType(bytes(illustrator))).toBe('image/svg+xml');
    const clean = text(sanitizeSvg(bytes(illustrator)));
    expect(clean).toContain('xmlns:i="http://ns.adobe.com/AdobeIllustrator/10.0/"');
    expect(clean).toContain('xmlns:graph="http://ns.adobe.com/Graphs/1.0/"');
    expect(clean).toContain('Tom &#x26; Jerry');
    expect(clean).not.toMatch(/DOCTYPE|ENTITY|&ns_/);
  });

  it('refuses entities that could expand without bound, reach outside, or carry markup', () => {
    const svg = (subset: string, body = '<text>&a;</text>') => bytes(`<!DOCTYPE svg [${subset}]><svg xmlns="http://www.w3.org/2000/svg">${body}</svg>`);
    // "Billion laughs": an entity made of entities.
    expect(sanitizeSvg(svg('<!ENTITY b "lol"><!ENTITY a "&b;&b;&b;&b;">'))).toBeUndefined();
    expect(sanitizeSvg(svg('<!ENTITY a SYSTEM "file:///etc/passwd">'))).toBeUndefined();
    expect(sanitizeSvg(svg('<!ENTITY % p "x"><!ENTITY a "y">'))).toBeUndefined();
    expect(sanitizeSvg(svg('<!ENTITY a "<script>alert(1)</script>">'))).toBeUndefined();
    // Many references to a long value: the text may not grow past twice its size.
    expect(sanitizeSvg(svg(`<!ENTITY a "${'x'.repeat(1000)}">`, '<text>&a;</text>'.repeat(50)))).toBeUndefined();
    // A plain one is fine, and an undeclared reference is left to the XML parser (which refuses it).
    expect(text(sanitizeSvg(svg('<!ENTITY a "fine">')))).toContain('<text>fine</text>');
    expect(sanitizeSvg(svg('<!ENTITY b "fine">'))).toBeUndefined();
  });
});
