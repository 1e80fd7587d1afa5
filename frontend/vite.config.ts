/// <reference types="vitest/config" />
import { readFileSync, writeFileSync } from 'node:fs';
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

// graphql() from the codegen client preset looks documents up in one map
// of every document of the app (src/gql/gql.ts), which would put them all
// in a chunk every screen loads. At build time each graphql(`...`) call is
// replaced by its document, so a screen's chunk carries only its own (what
// the preset's Babel plugin does, for a build without Babel).
export function inlineDocuments(gqlDir = fileURLToPath(new URL('./src/gql', import.meta.url))): Plugin {
  let bySource: Map<string, string> | undefined;
  const load = () => {
    const gql = readFileSync(`${gqlDir}/gql.ts`, 'utf8');
    const types = readFileSync(`${gqlDir}/graphql.ts`, 'utf8');
    const ast = new Map<string, string>();
    for (const m of types.matchAll(/^export const (\w+) = (\{.*\}) as unknown as DocumentNode<.*$/gm)) ast.set(m[1]!, m[2]!);
    const map = new Map<string, string>();
    const body = gql.slice(gql.indexOf('const documents'));
    for (const m of body.matchAll(/^ {4}("(?:[^"\\]|\\.)*"): types\.(\w+),$/gm)) {
      const doc = ast.get(m[2]!);
      if (doc) map.set(JSON.parse(m[1]!) as string, doc);
    }
    return map;
  };
  return {
    name: 'veredicto-inline-documents',
    apply: 'build',
    buildStart() {
      bySource = load();
    },
    transform(code, id) {
      if (!/\/src\/.*\.tsx?$/.test(id) || id.includes('/src/gql/') || !code.includes('graphql(`')) return null;
      const out = code.replace(/\bgraphql\(\s*`([^`]*)`\s*\)/g, (_, source: string) => {
        const doc = bySource!.get(source);
        if (!doc) this.error(`${id}: a graphql() document is not in src/gql: run npm run codegen`);
        return `(${doc})`;
      });
      return { code: out, map: null };
    },
  };
}

export default defineConfig({
  plugins: [react(), keepDist(), inlineDocuments()],
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
