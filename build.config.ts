import { defineConfig } from 'colophon';

// Colophon's build configuration: defaults for every book, the template, the print trim size,
// and the books to build. Paths resolve against this file's folder.
export default defineConfig({
  out: 'dist',
  formats: ['epub', 'pdf'],
  metadata: {
    publisher: 'Colophon Press',
  },
  template: 'default',
  pdf: { trim: '6x9in' },
  books: [{ input: 'manuscripts/rethinking-the-reset.md' }],
});
