/** Shapes shared by the fake Fediverse server (test/node/fake-fediverse.ts) and the tests in workerd that drive it. */

/** What the tests ask the fake server to sign on one of its actors' behalf: an inbox POST to Ferry. */
export interface SignRequest {
  /** The actor whose key signs (its name on the fake server). */
  actor: string;
  /** Sign with this other actor's key instead, while still naming `actor`'s key id: a wrong key. */
  keyOf?: string;
  url: string;
  body: string;
  /** The Date header; the current time unless given. */
  date?: string;
  /** The Digest header; the body's SHA-256 unless given. */
  digest?: string;
  /** The headers the signature covers; `(request-target) host date digest` unless given. */
  headers?: string[];
  /** `rsa-sha256` unless given (Mastodon's `hs2019` signs the same way). */
  algorithm?: string;
  /** `rfc9421`: sign as RFC 9421 does (Signature-Input, Signature, Content-Digest) instead of draft-cavage. */
  scheme?: "draft-cavage" | "rfc9421";
}

/** The headers to send with the signed body. */
export type SignedHeaders = Record<string, string>;

/** One POST the fake server's inboxes received from Ferry, and what its own check of the signature found. */
export interface InboxDelivery {
  /** The inbox: `shared`, or an actor's name for its own. */
  inbox: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** Checked with Node's crypto against the key Ferry's actor published (told to the server with /trust). */
  verified: boolean;
  /** Why it did not verify; null when it did. */
  problem: string | null;
  answeredWith: number;
}
