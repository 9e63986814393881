import { parseArgs } from 'node:util';
import { challengeQuery, submitToChallenge } from './documents.js';
import type { SubmissionReviewSubscription } from './gql/graphql.js';
import { execute, type Result } from './persisted.js';

// What every client script shares: its arguments, the typed query and mutation that submit the work, and the report
// it prints, one JSON object a line, for whoever runs it (the API's tests read them).

export interface Options {
  url: string;
  token: string;
  challenge: string;
  content: string;
  single: boolean;
}

export function options(): Options {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      challenge: { type: 'string' },
      content: { type: 'string' },
      single: { type: 'boolean', default: false },
    },
  });
  if (!values.url || !values.token || !values.challenge)
    throw new Error('usage: node dist/<client>.js --url http://host:port --token <bearer token> --challenge <id> [--content <markdown>] [--single]');
  return {
    url: values.url.replace(/\/$/, ''),
    token: values.token,
    challenge: values.challenge,
    content: values.content ?? 'Services own their data; calls use timeouts, retries with backoff and idempotency keys; every request is traced.',
    single: values.single ?? false,
  };
}

/** One line of the report. */
export function say(step: string, fields: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ step, ...fields }));
}

/** Reads the challenge's rubric and submits to it, both by documentId (the typed client over fetch). */
export async function submitTyped(o: Options): Promise<{ rubric: string[]; submission: string }> {
  const { challenge } = await execute(o.url, challengeQuery, { id: o.challenge }, o.token);
  if (!challenge) throw new Error(`No challenge ${o.challenge}.`);
  const submitted = await execute(o.url, submitToChallenge, { input: { challengeId: o.challenge, content: o.content } }, o.token);
  return { rubric: challenge.rubric.criteria.map((c) => c.key), submission: submitted.submitToChallenge.submission.id };
}

type Update = SubmissionReviewSubscription['submissionReview'];

/** The updates of one review as they arrive. */
export class Review {
  readonly kinds: string[] = [];
  readonly criteria: string[] = [];
  status?: string;
  score?: number;

  add(result: Result<SubmissionReviewSubscription>): void {
    if (result.errors?.length || !result.data) throw new Error(`The subscription answered ${JSON.stringify(result.errors ?? result)}`);
    this.update(result.data.submissionReview);
  }

  update(update: Update): void {
    this.kinds.push(update.kind);
    if (update.kind === 'CRITERION_SCORED' && update.criterion) this.criteria.push(update.criterion.key);
    this.status = update.submission.status;
    this.score = update.submission.feedback?.overallScore;
    say('update', { kind: update.kind, criterion: update.criterion?.key ?? null });
  }

  done(client: string, rubric: string[]): void {
    say('done', { client, kinds: this.kinds, criteria: this.criteria, rubric, status: this.status, score: this.score });
  }
}

/** Runs a client's script: a report line on failure, and a deadline so that a stream that never ends fails too. */
export function run(main: () => Promise<void>, seconds = 60): void {
  const deadline = setTimeout(() => {
    say('failed', { error: `no end within ${seconds} s` });
    process.exit(2);
  }, seconds * 1000);
  main().then(
    () => {
      clearTimeout(deadline);
      process.exit(0);
    },
    (error: unknown) => {
      say('failed', { error: error instanceof Error ? error.message : String(error) });
      process.exit(1);
    },
  );
}
