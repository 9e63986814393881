import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import * as generated from './gql/graphql.js';

// Persisted documents: the client preset embeds each document's hash ("sha256:<hex>") in the document as __meta__.hash
// and writes the same hash → text into src/gql/persisted-documents.json, which the server is given. A request then
// names the document ({ documentId, variables }) instead of sending its text.

type Meta = { __meta__?: { hash?: string } };

/** The id the server knows a generated document by. */
export function documentId(document: DocumentNode): string {
  const hash = (document as DocumentNode & Meta).__meta__?.hash;
  if (!hash) throw new Error('Not a persisted document: generate it with `npm run codegen` (persistedDocuments: true).');
  return hash;
}

function operationName(document: DocumentNode): string | undefined {
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  return operation?.name?.value;
}

/** Every generated document's id by its operation's name, for clients that build requests from text (Apollo, graphql-ws). */
const registered = new Map<string, string>(
  Object.values(generated)
    .filter((value): value is DocumentNode & Meta => typeof value === 'object' && value !== null && '__meta__' in value)
    .map((document) => [operationName(document)!, documentId(document)]),
);

export interface Payload {
  query?: string;
  documentId?: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
  extensions?: Record<string, unknown> | null;
}

/**
 * The payload of a registered operation with its text replaced by its documentId; any other payload as it is. Apollo
 * Client prints its own text (its cache adds __typename, and the manifest's printing differs), so the operation's name
 * is what finds the document.
 */
export function persisted(payload: Payload): Payload {
  const id = payload.operationName ? registered.get(payload.operationName) : undefined;
  if (!id || payload.documentId) return payload;
  const { query: _text, ...rest } = payload;
  return { ...rest, documentId: id };
}

/** A JSON.stringify replacer for graphql-ws (its jsonMessageReplacer): a subscribe message's payload goes by documentId. */
export function persistedMessages(this: unknown, key: string, value: unknown): unknown {
  return key === 'payload' && typeof value === 'object' && value !== null && 'query' in value ? persisted(value as Payload) : value;
}

/** A fetch for Apollo's HttpLink: the JSON body of a registered operation goes by documentId. */
export const persistedFetch: typeof fetch = (input, init) => {
  if (typeof init?.body !== 'string') return fetch(input, init);
  return fetch(input, { ...init, body: JSON.stringify(persisted(JSON.parse(init.body) as Payload)) });
};

/** A GraphQL response: data, or errors. */
export interface Result<T> {
  data?: T | null;
  errors?: readonly { message: string; extensions?: { readonly [key: string]: unknown } }[];
}

/** Runs a generated query or mutation over POST /graphql by its documentId; the result is typed by the document. */
export async function execute<T, V>(url: string, document: TypedDocumentNode<T, V>, variables: V, token?: string): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ documentId: documentId(document), variables }),
  });
  const result = (await response.json()) as Result<T>;
  if (result.errors?.length || !result.data) throw new Error(`${operationName(document)}: ${JSON.stringify(result.errors ?? result)}`);
  return result.data;
}
