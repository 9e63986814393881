#!/usr/bin/env node
// GraphQL-over-HTTP conformance audit for the Marketplace API.
//
//   node audit.mjs <url>          e.g. node audit.mjs http://127.0.0.1:5099/graphql
//
// Runs graphql-http's auditServer() against <url> and prints ONE JSON object to stdout:
//   {"total": n, "ok": n, "mustFailures": [...], "shouldFailures": [...], "mayFailures": [...]}
// Each failure is {id, name, reason, response: {status, contentType, body}}.
// Failures are bucketed by the audit name's requirement level (MUST / SHOULD / MAY);
// graphql-http itself reports them as status 'error' / 'warn' / 'notice' respectively.
//
// Exit code: 0 = no MUST and no SHOULD failures; 1 = at least one MUST or SHOULD failure;
//            2 = usage error or fatal error (server unreachable, timeout, ...), in which case
//                the JSON object also carries a "fatal" message.
import { auditServer } from 'graphql-http';

const TIMEOUT_MS = Number(process.env.AUDIT_TIMEOUT_MS) || 30_000;
const BODY_LIMIT = 500;

function emit(result, code) {
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  process.exitCode = code;
}

function emptyReport(fatal) {
  return { total: 0, ok: 0, mustFailures: [], shouldFailures: [], mayFailures: [], fatal };
}

function levelOf(result) {
  if (result.name.startsWith('MUST')) return 'MUST';
  if (result.name.startsWith('SHOULD')) return 'SHOULD';
  if (result.name.startsWith('MAY')) return 'MAY';
  // Fall back to graphql-http's own status mapping for any unexpected name.
  return result.status === 'error' ? 'MUST' : result.status === 'warn' ? 'SHOULD' : 'MAY';
}

async function describeResponse(response) {
  if (!response) return null;
  let body = null;
  try {
    if (!response.bodyUsed) {
      body = await response.text();
      if (body.length > BODY_LIMIT) body = body.slice(0, BODY_LIMIT) + '...';
    }
  } catch {
    body = null;
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body,
  };
}

async function main() {
  const url = process.argv[2];
  if (!url || process.argv.length > 3) {
    process.stderr.write('usage: node audit.mjs <url>   (e.g. http://127.0.0.1:5099/graphql)\n');
    emit(emptyReport('usage: node audit.mjs <url>'), 2);
    return;
  }
  try {
    new URL(url);
  } catch {
    process.stderr.write(`invalid url: ${url}\n`);
    emit(emptyReport(`invalid url: ${url}`), 2);
    return;
  }

  // Per-request timeout so a hanging server fails the run instead of hanging it.
  const fetchFn = (input, init = {}) =>
    fetch(input, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });

  let results;
  try {
    results = await auditServer({ url, fetchFn });
  } catch (err) {
    // graphql-http only throws for fatal problems (e.g. connection refused).
    const message = err?.cause ? `${err.message}: ${err.cause.message ?? err.cause}` : String(err?.message ?? err);
    process.stderr.write(`audit failed fatally: ${message}\n`);
    emit(emptyReport(message), 2);
    return;
  }

  const report = { total: results.length, ok: 0, mustFailures: [], shouldFailures: [], mayFailures: [] };
  for (const result of results) {
    if (result.status === 'ok') {
      report.ok++;
      continue;
    }
    const failure = {
      id: result.id,
      name: result.name,
      reason: result.reason,
      response: await describeResponse(result.response),
    };
    const level = levelOf(result);
    if (level === 'MUST') report.mustFailures.push(failure);
    else if (level === 'SHOULD') report.shouldFailures.push(failure);
    else report.mayFailures.push(failure);
  }

  emit(report, report.mustFailures.length === 0 && report.shouldFailures.length === 0 ? 0 : 1);
}

await main();
