/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type ChallengeStatus =
  | 'CLOSED'
  | 'DRAFT'
  | 'PUBLISHED';

export type ReviewUpdateKind =
  | 'CRITERION_SCORED'
  | 'FAILED'
  | 'FLAGGED'
  | 'REVIEWED';

export type SubmissionStatus =
  | 'FEEDBACK_FAILED'
  | 'FEEDBACK_PENDING'
  | 'FEEDBACK_READY'
  | 'WITHDRAWN';

export type SubmitToChallengeInput = {
  challengeId: string | number;
  /** Your work as markdown, at most 50000 characters. */
  content?: string | null | undefined;
  /** Makes a retry safe: a repeat with the same key within 24 h answers like the first request and changes nothing; the same key with a different input is a CONFLICT. */
  idempotencyKey?: string | null | undefined;
  /** An http(s) link to a repository. */
  repositoryUrl?: string | null | undefined;
};

export type ChallengeQueryVariables = Exact<{
  id: string | number;
}>;


export type ChallengeQuery = { __typename: 'Query', challenge: { __typename: 'Challenge', id: string, title: string, status: ChallengeStatus, rubric: { __typename: 'Rubric', version: number, criteria: Array<{ __typename: 'Criterion', key: string, weight: number }> } } | null };

export type SubmitToChallengeMutationVariables = Exact<{
  input: SubmitToChallengeInput;
}>;


export type SubmitToChallengeMutation = { __typename: 'Mutation', submitToChallenge: { __typename: 'SubmissionPayload', submission: { __typename: 'Submission', id: string, attempt: number, status: SubmissionStatus } } };

export type SubmissionReviewSubscriptionVariables = Exact<{
  id: string | number;
}>;


export type SubmissionReviewSubscription = { submissionReview: { __typename: 'ReviewUpdate', kind: ReviewUpdateKind, criterion: { __typename: 'CriterionScore', key: string, score: number, comment: string } | null, submission: { __typename: 'Submission', id: string, status: SubmissionStatus, flagged: boolean, feedback: { __typename: 'Feedback', overallScore: number, rubricVersion: number } | null } } };


export const ChallengeDocument = {"__meta__":{"hash":"sha256:0bd7319bb85134bb6c5aa28013b412c597269a7380da739ef752e93259c1a70e"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Challenge"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"challenge"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"rubric"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"criteria"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"weight"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ChallengeQuery, ChallengeQueryVariables>;
export const SubmitToChallengeDocument = {"__meta__":{"hash":"sha256:a6d97a3ce158e9af27deb8934845cc14fc8f3a61e878cd23a3476c1ba246c1fa"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SubmitToChallenge"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SubmitToChallengeInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"submitToChallenge"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"submission"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<SubmitToChallengeMutation, SubmitToChallengeMutationVariables>;
export const SubmissionReviewDocument = {"__meta__":{"hash":"sha256:59b8e106faf5b390131b4fa1f68e85d67b8b0464e0ff521193819840ca9558d4"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"SubmissionReview"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submissionReview"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"criterion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"comment"}}]}},{"kind":"Field","name":{"kind":"Name","value":"submission"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"flagged"}},{"kind":"Field","name":{"kind":"Name","value":"feedback"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"overallScore"}},{"kind":"Field","name":{"kind":"Name","value":"rubricVersion"}}]}}]}}]}}]}}]} as unknown as DocumentNode<SubmissionReviewSubscription, SubmissionReviewSubscriptionVariables>;