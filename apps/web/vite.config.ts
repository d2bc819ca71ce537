import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The app imports the zod schemas of libs/contracts directly: one truth for forms and services.
// `node:crypto` is only used there for event ids; the browser gets its own randomUUID.
export default defineConfig({
  root: here('.'),
  plugins: [react()],
  resolve: {
    alias: {
      '@advocacy/contracts': here('../../libs/contracts/src/index.ts'),
      '@advocacy/guidelines': here('../../libs/guidelines/src/index.ts'),
      'node:crypto': here('src/browser-crypto.ts'),
    },
  },
  build: {
    outDir: process.env.WEB_OUT_DIR ?? here('../../dist/apps/web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    rollupOptions: {
      // zod's sources carry comments Rollup cannot place; harmless, and noise in every build.
      onwarn(warning, warn) {
        if (warning.code === 'INVALID_ANNOTATION') return;
        warn(warning);
      },
    },
  },
  server: { port: 4300, strictPort: true },
});
