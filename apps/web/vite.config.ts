import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The app imports the zod schemas of libs/contracts directly: one truth for forms and services.
// `node:crypto` is only used there for event ids; the browser gets its own randomUUID.
// `--mode dev-sign-in` (apps/web/.env.dev-sign-in) builds into dist/apps/web-dev: `npm start` and the
// browser tests serve that one; `npm run build:web` is the production build into dist/apps/web.
export default defineConfig(({ mode }) => ({
  root: here('.'),
  plugins: [react()],
  resolve: {
    alias: {
      '@advocacy/contracts': here('../../libs/contracts/src/index.ts'),
      '@advocacy/guidelines': here('../../libs/guidelines/src/browser.ts'),
      'node:crypto': here('src/browser-crypto.ts'),
    },
  },
  build: {
    outDir:
      process.env.WEB_OUT_DIR ??
      here(mode === 'dev-sign-in' ? '../../dist/apps/web-dev' : '../../dist/apps/web'),
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
}));
