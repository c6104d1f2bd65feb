import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The shopper's widget: one self-contained classic script (IIFE), served by ShopDesk at /widget.js.
const root = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../../dist/widget', import.meta.url));

export default defineConfig({
  root,
  publicDir: false,
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2019',
    sourcemap: false,
    reportCompressedSize: true,
    lib: {
      entry: fileURLToPath(new URL('./main.ts', import.meta.url)),
      formats: ['iife'],
      name: 'ShopDeskWidget',
      fileName: () => 'widget.js',
    },
  },
});
