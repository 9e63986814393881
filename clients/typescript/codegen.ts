import type { CodegenConfig } from '@graphql-codegen/cli';
import { addTypenameSelectionDocumentTransform } from '@graphql-codegen/client-preset';

// The client preset writes typed documents to src/gql/ and, with persistedDocuments, a manifest of hash → text
// (src/gql/persisted-documents.json) that the server loads with GraphQL__PersistedDocuments__0. Each hash is
// "sha256:<hex>" of the document's printed text, which the server checks at start-up. __typename is added to every
// selection, as Apollo Client's cache adds it, so the registered text asks for what Apollo expects back.
// CODEGEN_OUT lets scripts/check-generated.mjs write elsewhere and compare with what is committed.
const config: CodegenConfig = {
  schema: '../../docs/schema.graphql',
  documents: ['src/**/*.ts', '!src/gql/**/*'],
  importExtension: '.js',
  generates: {
    [process.env.CODEGEN_OUT ?? './src/gql/']: {
      preset: 'client',
      presetConfig: { persistedDocuments: true, fragmentMasking: false },
      documentTransforms: [addTypenameSelectionDocumentTransform],
      config: { useTypeImports: true, enumsAsTypes: true },
    },
  },
};

export default config;
