/// <reference types="vitest/config" />
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const distDir = fileURLToPath(new URL('./dist', import.meta.url));

// Vite empties dist/ before a build; the Go package embeds `all:dist`, which
// needs at least one file even before the first build, so dist/.gitkeep is
// committed and written back after every build.
function keepDist(): Plugin {
  return {
    name: 'veredicto-keep-dist',
    apply: 'build',
    closeBundle() {
      writeFileSync(`${distDir}/.gitkeep`, '');
    },
  };
}

export default defineConfig({
  plugins: [react(), keepDist()],
  build: {
    outDir: distDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    assetsInlineLimit: 0,
  },
  server: {
    proxy: {
      // `npm run dev` talks to a `veredicto serve` on VEREDICTO_API.
      '/graphql': process.env.VEREDICTO_API ?? 'http://127.0.0.1:8080',
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    restoreMocks: true,
    reporters: ['default', './scripts/vitest-summary.ts'],
  },
});
