// Fails when src/gql/ is not what `npm run codegen` writes from the schema and the documents today: runs the codegen
// into a temporary folder and compares file by file. The API's tests run it (tests/Api.Tests/Live/third_party_clients.cs).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const committed = join(root, 'src', 'gql');

/** The problem, or null when the committed output is what the codegen writes. */
function problem(fresh) {
  try {
    execFileSync(process.execPath, [join(root, 'node_modules', '@graphql-codegen', 'cli', 'cjs', 'bin.js'), '--config', 'codegen.ts', '--errors-only'], {
      cwd: root,
      env: { ...process.env, CODEGEN_OUT: fresh + '/' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  } catch {
    return 'The codegen failed (above): do the documents in src/ hold against ../../docs/schema.graphql?';
  }
  const read = (dir, name) => { try { return readFileSync(join(dir, name), 'utf8'); } catch { return null; } };
  const stale = [...new Set([...readdirSync(committed), ...readdirSync(fresh)])].sort()
    .filter((name) => read(committed, name) !== read(fresh, name));
  return stale.length === 0 ? null
    : `src/gql/ is out of date (${stale.join(', ')}): run \`npm run codegen\` in clients/typescript and commit the result.`;
}

const fresh = mkdtempSync(join(tmpdir(), 'marketplace-codegen-'));
let found;
try {
  found = problem(fresh);
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
if (found) {
  console.error(found);
  process.exit(1);
}
console.log('src/gql/ is up to date with the schema and the documents.');
