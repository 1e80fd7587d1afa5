// graphql-codegen: typed documents from the server's schema (the hand-written
// ../schema.graphql plus entgql's generated ../ent.graphql) into src/gql/.
// The output is committed; `npm run codegen` must leave it unchanged unless
// the schema or a document changed (CI checks with git diff --exit-code).
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: ['../schema.graphql', '../ent.graphql'],
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**', '!src/**/*.test.{ts,tsx}'],
  ignoreNoDocuments: false,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: { unmaskFunctionName: 'getFragmentData' },
        // A manifest of every operation by SHA-256, for a server-side
        // allowlist of trusted documents (cacheable GET reads).
        persistedDocuments: { hashAlgorithm: 'sha256' },
      },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: false,
        scalars: { Time: 'string', Cursor: 'string' },
      },
    },
    './src/gql/possible-types.ts': {
      plugins: ['fragment-matcher'],
      config: { useExplicitTyping: true },
    },
  },
};

export default config;
