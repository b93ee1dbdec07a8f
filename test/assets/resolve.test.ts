import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAssetResolver, isAsset } from '../../src/assets/resolve.js';
import { tempDir } from '../helpers/cli.js';

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

  it.each([
    ['../secret.png', 'image-outside'],
    ['img/link.png', 'image-outside'],
    ['/../secret.png', 'image-outside'],
    ['%2e%2e/secret.png', 'image-outside'],
    ['img/missing.png', 'image-missing'],
    ['img/fake.png', 'image-type'],
    ['http://127.0.0.1:1/x.png', 'image-remote'],
    ['file:///etc/passwd', 'image-remote'],
    ['data:image/png;base64,AAAA', 'image-remote'],
    ['//example.org/x.png', 'image-remote'],
  ])('refuses %s (%s)', async (ref, rule) => {
    const { root, resolver } = book();
    const a = await resolver.resolve(ref, root);
    expect(isAsset(a)).toBe(false);
    expect(!isAsset(a) && a.rule).toBe(rule);
  });
});
