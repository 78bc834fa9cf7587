import { defineConfig } from 'vite';

// Builds every web component into one ES module, dist/public/cadre.js (+ cadre.css).
export default defineConfig({
  publicDir: false,
  build: {
    outDir: 'dist/public',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    lib: {
      entry: 'components/index.ts',
      formats: ['es'],
      fileName: () => 'cadre.js',
      cssFileName: 'cadre',
    },
  },
});
