import { createClient, type RequestParams } from 'graphql-sse';
import { submissionReview } from './documents.js';
import type { SubmissionReviewSubscription } from './gql/graphql.js';
import { documentId } from './persisted.js';
import { options, Review, run, say, submitTyped } from './scenario.js';

// The graphql-sse client against /graphql/stream: distinct connections (one request per operation) by default, or with
// --single one reserved stream that carries every operation (PUT, GET with the token, POST each operation).
run(async () => {
  const o = options();
  const { rubric, submission } = await submitTyped(o);
  say('submitted', { submission });

  const client = createClient({
    url: `${o.url}/graphql/stream`,
    headers: { Authorization: `Bearer ${o.token}` },
    singleConnection: o.single,
    retryAttempts: 0,
  });
  // graphql-sse posts the request as it is: the document goes by its id, with no text.
  const request = { documentId: documentId(submissionReview), variables: { id: submission } } as unknown as RequestParams;
  const updates = client.iterate<SubmissionReviewSubscription>(request);
  say('subscribing');
  const review = new Review();
  for await (const result of updates) review.add(result);
  client.dispose();
  review.done(o.single ? 'graphql-sse (single connection)' : 'graphql-sse (distinct connections)', rubric);
});
