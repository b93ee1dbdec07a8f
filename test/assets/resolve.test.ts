import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createAssetResolver, isAsset } from '../../src/assets/resolve.js';
import { pixelSize, sniffImageType } from '../../src/assets/sniff.js';
import { tempDir } from '../helpers/cli.js';
import { solidPng } from '../helpers/png.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6300010000050001' + '0d0a2db40000000049454e44ae426082', 'hex');

let cleanup = () => {};
afterEach(() => cleanup());

function book() {
  const t = tempDir();
  cleanup = t.cleanup;
  const root = join(t.dir, 'book');
  mkdirSync(join(root, 'img'), { recursive: true });
  writeFileSync(join(root, 'img', 'dot.png'), PNG);
  writeFileSync(join(root, 'img', 'fake.png'), 'not an image');
  // A decompression bomb: a tiny file whose header claims 100,000 × 100,000 pixels.
  const bomb = solidPng(1, 1);
  bomb.writeUInt32BE(100_000, 16);
  bomb.writeUInt32BE(100_000, 20);
  writeFileSync(join(root, 'img', 'bomb.png'), bomb);
  // Lying files: a PNG signature with the header cut off, a JPEG marker with no frame.
  writeFileSync(join(root, 'img', 'cut.png'), solidPng(4, 4).subarray(0, 20));
  writeFileSync(join(root, 'img', 'cut.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]));
  writeFileSync(join(t.dir, 'secret.png'), PNG);
  symlinkSync(join(t.dir, 'secret.png'), join(root, 'img', 'link.png'));
  return { root, resolver: createAssetResolver(root) };
}

describe('asset resolver', () => {
  it('embeds a local image under a content-hash name, with its sniffed type', async () => {
    const { root, resolver } = book();
    const a = await resolver.resolve('img/dot%2Epng', root);
    expect(isAsset(a) && a.href).toMatch(/^images\/[0-9a-f]{20}\.png$/);
    expect(isAsset(a) && a.mediaType).toBe('image/png');
  });

  it('embeds an image given as a data: URI (base64, or percent-encoded SVG), checked and cleaned as a file is', async () => {
    const { root, resolver } = book();
    const png = await resolver.resolve(`data:image/png;base64,${solidPng(3, 2).toString('base64')}`, root);
    expect(isAsset(png) && png.mediaType).toBe('image/png');
    expect(isAsset(png) && png.source).toBeUndefined();
    const svg = await resolver.resolve("data:image/svg+xml;utf8,%3Csvg xmlns='http://www.w3.org/2000/svg'%3E%3Cscript%3Ealert(1)%3C/script%3E%3Crect width='4' height='4'/%3E%3C/svg%3E", root);
    expect(isAsset(svg) && svg.mediaType).toBe('image/svg+xml');
    expect(isAsset(svg) && new TextDecoder().decode(svg.bytes)).not.toContain('script');
    expect(isAsset(svg) && svg.removed).toEqual([expect.stringContaining('<script>')]);
  });

  it.each([
    ['../secret.png', 'image-outside'],
    ['img/link.png', 'image-outside'],
    ['/../secret.png', 'image-outside'],
    ['%2e%2e/secret.png', 'image-outside'],
    ['img/missing.png', 'image-missing'],
    ['img/fake.png', 'image-type'],
    ['img/bomb.png', 'image-too-large'],
    ['img/cut.png', 'image-type'],
    ['img/cut.jpg', 'image-type'],
    ['http://127.0.0.1:1/x.png', 'image-remote'],
    ['file:///etc/passwd', 'image-remote'],
    // Inline data is checked as a file's would be: three zero bytes are no image.
    ['data:image/png;base64,AAAA', 'image-type'],
    ['data:image/png;base64,@@@', 'image-type'],
    ['data:image/png,no comma is fine but this is not a PNG', 'image-type'],
    ['//example.org/x.png', 'image-remote'],
  ])('refuses %s (%s)', async (ref, rule) => {
    const { root, resolver } = book();
    const a = await resolver.resolve(ref, root);
    expect(isAsset(a)).toBe(false);
    expect(!isAsset(a) && a.rule).toBe(rule);
  });
});

describe('pixel size from the header', () => {
  it.each(['png', 'jpeg', 'gif', 'webp'] as const)('reads a %s image without decoding it', async (format) => {
    const image = sharp({ create: { width: 123, height: 45, channels: 4, background: { r: 10, g: 20, b: 30, alpha: 0.5 } } });
    for (const options of format === 'webp' ? [{ lossless: true }, { lossless: false }, { lossless: false, alphaQuality: 50 }] : [{}]) {
      const bytes = new Uint8Array(await image.clone().toFormat(format, options).toBuffer());
      const type = sniffImageType(bytes);
      expect(type).toBe(`image/${format}`);
      expect(pixelSize(bytes, type as Exclude<typeof type, 'image/svg+xml' | undefined>)).toEqual({ width: 123, height: 45 });
    }
  });
});
