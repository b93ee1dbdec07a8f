import { createHash } from 'node:crypto';

/**
 * A stable `urn:uuid:` derived from the book's content (name-based, UUID version 5 layout over
 * SHA-256), so rebuilding the same manuscript keeps the same identifier.
 */
export function contentIdentifier(parts: ReadonlyArray<string>): string {
  const hash = createHash('sha256');
  for (const p of parts) hash.update(p).update('\0');
  const b = hash.digest().subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
