import { graphql } from './gql/index.js';

// The operations this client sends. `npm run codegen` turns each into a typed document (src/gql/graphql.ts) and an
// entry of the persisted-documents manifest (src/gql/persisted-documents.json).

export const challengeQuery = graphql(`
  query Challenge($id: ID!) {
    challenge(id: $id) {
      id
      title
      status
      rubric {
        version
        criteria {
          key
          weight
        }
      }
    }
  }
`);

export const submitToChallenge = graphql(`
  mutation SubmitToChallenge($input: SubmitToChallengeInput!) {
    submitToChallenge(input: $input) {
      submission {
        id
        attempt
        status
      }
    }
  }
`);

export const submissionReview = graphql(`
  subscription SubmissionReview($id: ID!) {
    submissionReview(id: $id) {
      kind
      criterion {
        key
        score
        comment
      }
      submission {
        id
        status
        flagged
        feedback {
          overallScore
          rubricVersion
        }
      }
    }
  }
`);
