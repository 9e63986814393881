import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { submissionReview } from './documents.js';
import type { SubmissionReviewSubscription } from './gql/graphql.js';
import { persistedMessages } from './persisted.js';
import { options, Review, run, say, submitTyped } from './scenario.js';

// The graphql-ws client against /graphql (subprotocol graphql-transport-ws), signed in by connection_init's payload.
// Node has no WebSocket of its own before 22: the ws package is the implementation.
run(async () => {
  const o = options();
  const { rubric, submission } = await submitTyped(o);
  say('submitted', { submission });

  const client = createClient({
    url: `${o.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { Authorization: `Bearer ${o.token}` },
    // graphql-ws insists on a query text in what it is given; the replacer sends the documentId in its place.
    jsonMessageReplacer: persistedMessages,
    retryAttempts: 0,
  });
  const updates = client.iterate<SubmissionReviewSubscription>({
    query: print(submissionReview),
    operationName: 'SubmissionReview',
    variables: { id: submission },
  });
  say('subscribing');
  const review = new Review();
  for await (const result of updates) review.add(result);
  await client.dispose();
  review.done('graphql-ws', rubric);
});
