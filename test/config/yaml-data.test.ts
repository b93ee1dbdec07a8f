import { describe, expect, it, vi } from 'vitest';
import { parseYamlMapping } from '../../src/config/yaml-data.js';

describe('parseYamlMapping', () => {
  it('merges `<<` keys as YAML 1.1 has them, and prints none of the YAML library\'s warnings', () => {
    const warn = vi.spyOn(process, 'emitWarning');
    try {
      const parsed = parseYamlMapping('defaults: &d\n  lang: fr\n? [a, b]\n: c\nbook:\n  <<: *d\n  title: T\n');
      expect('value' in parsed && parsed.value).toEqual({ defaults: { lang: 'fr' }, '[ a, b ]': 'c', book: { lang: 'fr', title: 'T' } });
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});
