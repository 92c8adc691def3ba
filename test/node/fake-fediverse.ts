// A fake Fediverse server on 127.0.0.1 for the ActivityPub tests: actors with their own RSA key pairs, their inboxes
// and a shared inbox. It runs in Node (vitest globalSetup) and signs and verifies with Node's crypto, never with
// Ferry's Web Crypto code, so a test passing means two independent implementations agree.
import { createHash, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { InboxDelivery, SignedHeaders, SignRequest } from "../support/fediverse-types";

/**
 * Actors exist on first mention, each with a fresh key pair. What an actor's name starts with sets its shape:
 * `solo-` has no shared inbox; `failing-` neither, and its inbox answers 500; `private-` names an inbox at a
 * private address; `keydoc-` publishes its key as a separate document (`/keys/<name>`) that names its owner.
 * Everyone else has `/users/<name>/inbox` and the shared `/inbox`.
 *
 * Control routes for the tests: POST /sign (a SignRequest: the signed headers of an inbox POST to Ferry),
 * POST /trust ({ keyId, publicKeyPem }: a Ferry actor's key, to verify what Ferry sends), POST /gone/<name> (its
 * actor document answers 410 from then on), GET /log/<name> or /log/shared (InboxDelivery[]), GET /fetches/<name>
 * (how often its actor or key document was fetched).
 */
export function startFakeFediverse(): Promise<{ port: number; close: () => Promise<void> }> {
  const state: FediverseState = {
    base: "",
    actors: new Map(),
    trusted: new Map(),
    gone: new Set(),
    log: new Map(),
    fetches: new Map(),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => handle(req, res, Buffer.concat(chunks), state));
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      state.base = `http://127.0.0.1:${port}`;
      resolve({ port, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

interface Actor {
  name: string;
  id: string;
  keyId: string;
  privateKey: KeyObject;
  publicKeyPem: string;
}

interface FediverseState {
  base: string;
  actors: Map<string, Actor>;
  trusted: Map<string, KeyObject>;
  gone: Set<string>;
  log: Map<string, InboxDelivery[]>;
  fetches: Map<string, number>;
}

function actorNamed(state: FediverseState, name: string): Actor {
  const known = state.actors.get(name);
  if (known) return known;
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const id = `${state.base}/users/${name}`;
  const actor: Actor = {
    name,
    id,
    keyId: name.startsWith("keydoc-") ? `${state.base}/keys/${name}` : `${id}#main-key`,
    privateKey,
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
  state.actors.set(name, actor);
  return actor;
}

function actorDocument(state: FediverseState, actor: Actor): Record<string, unknown> {
  const own = actor.name.startsWith("solo-") || actor.name.startsWith("failing-");
  const inbox = actor.name.startsWith("private-")
    ? `http://10.0.0.1/users/${actor.name}/inbox`
    : `${actor.id}/inbox`;
  return {
    "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
    id: actor.id,
    type: "Person",
    preferredUsername: actor.name,
    inbox,
    ...(own || actor.name.startsWith("private-")
      ? {}
      : { endpoints: { sharedInbox: `${state.base}/inbox` } }),
    publicKey: { id: actor.keyId, owner: actor.id, publicKeyPem: actor.publicKeyPem },
  };
}

function handle(req: IncomingMessage, res: ServerResponse, body: Buffer, state: FediverseState) {
  const url = new URL(req.url ?? "/", state.base);
  const [, root = "", name = "", tail = ""] = url.pathname.split("/");
  const json = (status: number, value: unknown, type = "application/activity+json") => {
    res.writeHead(status, { "content-type": type });
    res.end(JSON.stringify(value));
  };
  if (req.method === "GET" && (root === "users" || root === "keys") && tail === "") {
    state.fetches.set(name, (state.fetches.get(name) ?? 0) + 1);
    if (state.gone.has(name)) return json(410, { error: "gone" });
    const actor = actorNamed(state, name);
    if (root === "users") return json(200, actorDocument(state, actor));
    return json(200, { id: actor.keyId, owner: actor.id, publicKeyPem: actor.publicKeyPem });
  }
  if (req.method === "POST" && root === "sign") {
    return json(200, signFor(state, JSON.parse(body.toString("utf8")) as SignRequest), "application/json");
  }
  if (req.method === "POST" && root === "trust") {
    const { keyId, publicKeyPem } = JSON.parse(body.toString("utf8")) as {
      keyId: string;
      publicKeyPem: string;
    };
    state.trusted.set(keyId, createPublicKey(publicKeyPem));
    return json(204, null);
  }
  if (req.method === "POST" && root === "gone") {
    state.gone.add(name);
    return json(204, null);
  }
  if (req.method === "GET" && root === "log") return json(200, state.log.get(name) ?? [], "application/json");
  if (req.method === "GET" && root === "fetches") {
    return json(200, { count: state.fetches.get(name) ?? 0 }, "application/json");
  }
  if (req.method === "POST" && (root === "inbox" || (root === "users" && tail === "inbox"))) {
    const inbox = root === "inbox" ? "shared" : name;
    const status = inbox.startsWith("failing-") ? 500 : 202;
    const check = verifyDelivery(req, body, state.trusted);
    const seen = state.log.get(inbox) ?? [];
    seen.push({
      inbox,
      path: url.pathname,
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
      body: body.toString("utf8"),
      verified: check === null,
      problem: check,
      answeredWith: status,
    });
    state.log.set(inbox, seen);
    res.writeHead(status);
    res.end();
    return;
  }
  res.writeHead(404);
  res.end();
}

/** Signs an inbox POST to Ferry as Mastodon does (draft-cavage, rsa-sha256), with the faults a test asks for. */
function signFor(state: FediverseState, request: SignRequest): SignedHeaders {
  const actor = actorNamed(state, request.actor);
  const signer = request.keyOf ? actorNamed(state, request.keyOf) : actor;
  if (request.scheme === "rfc9421") return signRfc9421(actor.keyId, signer.privateKey, request);
  const url = new URL(request.url);
  const values: Record<string, string> = {
    "(request-target)": `post ${url.pathname}${url.search}`,
    host: url.host,
    date: request.date ?? new Date().toUTCString(),
    digest: request.digest ?? `SHA-256=${createHash("sha256").update(request.body, "utf8").digest("base64")}`,
  };
  const names = request.headers ?? ["(request-target)", "host", "date", "digest"];
  const text = names.map((n) => `${n}: ${values[n]}`).join("\n");
  const signature = sign("sha256", Buffer.from(text, "utf8"), signer.privateKey).toString("base64");
  const algorithm = request.algorithm ?? "rsa-sha256";
  return {
    date: values.date as string,
    digest: values.digest as string,
    signature: `keyId="${actor.keyId}",algorithm="${algorithm}",headers="${names.join(" ")}",signature="${signature}"`,
  };
}

/** Signs as RFC 9421 says, over `@method`, `@target-uri` and `content-digest` (RFC 9530), `created` now. */
function signRfc9421(keyId: string, privateKey: KeyObject, request: SignRequest): SignedHeaders {
  const digest = `sha-256=:${createHash("sha256").update(request.body, "utf8").digest("base64")}:`;
  const created = Math.floor((request.date ? Date.parse(request.date) : Date.now()) / 1000);
  const params = `("@method" "@target-uri" "content-digest");created=${created};keyid="${keyId}";alg="rsa-v1_5-sha256"`;
  const base = [
    `"@method": POST`,
    `"@target-uri": ${request.url}`,
    `"content-digest": ${digest}`,
    `"@signature-params": ${params}`,
  ].join("\n");
  const signature = sign("sha256", Buffer.from(base, "utf8"), privateKey).toString("base64");
  return { "content-digest": digest, "signature-input": `sig1=${params}`, signature: `sig1=:${signature}:` };
}

/** Null when the request carries a valid signature by a trusted key over the body's digest, else what is wrong. */
function verifyDelivery(req: IncomingMessage, body: Buffer, trusted: Map<string, KeyObject>): string | null {
  const header = String(req.headers.signature ?? "");
  const params = new Map<string, string>();
  for (const part of header.split(",")) {
    const at = part.indexOf("=");
    if (at > 0)
      params.set(
        part.slice(0, at).trim(),
        part
          .slice(at + 1)
          .trim()
          .replace(/^"|"$/g, ""),
      );
  }
  const key = trusted.get(params.get("keyId") ?? "");
  if (!key) return `no trusted key ${params.get("keyId")}`;
  const names = (params.get("headers") ?? "").split(" ");
  for (const required of ["(request-target)", "host", "date", "digest"]) {
    if (!names.includes(required)) return `${required} is not signed`;
  }
  const digest = `SHA-256=${createHash("sha256").update(body).digest("base64")}`;
  if (req.headers.digest !== digest) return `digest ${req.headers.digest} is not ${digest}`;
  const dateMs = Date.parse(String(req.headers.date));
  if (!(Math.abs(Date.now() - dateMs) < 300_000)) return `date ${req.headers.date} is not now`;
  const text = names
    .map(
      (n) => `${n}: ${n === "(request-target)" ? `${req.method?.toLowerCase()} ${req.url}` : req.headers[n]}`,
    )
    .join("\n");
  const ok = verify(
    "sha256",
    Buffer.from(text, "utf8"),
    key,
    Buffer.from(params.get("signature") ?? "", "base64"),
  );
  return ok ? null : "the signature does not verify";
}
