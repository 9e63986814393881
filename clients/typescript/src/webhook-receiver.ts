// A company's webhook receiver in Node, verifying with the Standard Webhooks reference library (npm `standardwebhooks`,
// from the specification's own repository). The API's tests start it: `node dist/webhook-receiver.js <port> <secret>...`.
// It answers 204 to a request one of the secrets verifies and 401 to any other, and prints one JSON line per request
// (webhook-id, type, verified) for the test to read; "listening" once it is ready. A request to /stop ends it.
import { createServer } from "node:http";
import { Webhook } from "standardwebhooks";

const [port, ...secrets] = process.argv.slice(2);
const verifiers = secrets.map((secret) => new Webhook(secret));

createServer((request, response) => {
  if (request.url === "/stop") {
    response.writeHead(204).end(() => process.exit(0));
    return;
  }
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    const headers = {
      "webhook-id": String(request.headers["webhook-id"] ?? ""),
      "webhook-timestamp": String(request.headers["webhook-timestamp"] ?? ""),
      "webhook-signature": String(request.headers["webhook-signature"] ?? ""),
    };
    const verified = verifiers.some((verifier) => {
      try {
        verifier.verify(body, headers);
        return true;
      } catch {
        return false;
      }
    });
    const type = (JSON.parse(body) as { type?: string }).type ?? "";
    console.log(JSON.stringify({ id: headers["webhook-id"], type, verified }));
    response.writeHead(verified ? 204 : 401).end();
  });
}).listen(Number(port), "127.0.0.1", () => console.log("listening"));
