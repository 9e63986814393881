import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { challengeQuery, submissionReview, submitToChallenge } from './documents.js';
import { persistedFetch, persistedMessages } from './persisted.js';
import { options, Review, run, say } from './scenario.js';

// Apollo Client with a split link: queries and mutations over HTTP (HttpLink), subscriptions over graphql-ws
// (GraphQLWsLink). Both send the registered documents by documentId: HttpLink through its fetch, graphql-ws through its
// message replacer.
run(async () => {
  const o = options();
  const authorization = `Bearer ${o.token}`;
  const http = new HttpLink({ uri: `${o.url}/graphql`, headers: { authorization }, fetch: persistedFetch });
  const wsClient = createClient({
    url: `${o.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { Authorization: authorization },
    jsonMessageReplacer: persistedMessages,
    retryAttempts: 0,
  });
  const link = ApolloLink.split(
    ({ query }) => {
      const definition = getMainDefinition(query);
      return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
    },
    new GraphQLWsLink(wsClient),
    http,
  );
  const client = new ApolloClient({ link, cache: new InMemoryCache() });

  const { data } = await client.query({ query: challengeQuery, variables: { id: o.challenge } });
  if (!data?.challenge) throw new Error(`No challenge ${o.challenge}.`);
  const rubric = data.challenge.rubric.criteria.map((c) => c.key);
  const submitted = await client.mutate({
    mutation: submitToChallenge,
    variables: { input: { challengeId: o.challenge, content: o.content } },
  });
  const submission = submitted.data!.submitToChallenge.submission.id;
  say('submitted', { submission });

  const review = new Review();
  await new Promise<void>((resolve, reject) => {
    client.subscribe({ query: submissionReview, variables: { id: submission } }).subscribe({
      next: (result) => {
        try {
          if (result.error || !result.data) throw new Error(`The subscription answered ${String(result.error ?? 'no data')}`);
          review.update(result.data.submissionReview);
        } catch (error) {
          reject(error);
        }
      },
      error: reject,
      complete: resolve,
    });
    say('subscribing');
  });
  client.stop();
  await wsClient.dispose();
  review.done('apollo-client', rubric);
});
