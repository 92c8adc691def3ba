/** Shapes shared by the Node test servers (test/node) and the tests in workerd that drive them. */

/** What the fake DNS-over-HTTPS resolver (test/node/fake-doh.ts) answers for one name. */
export interface FakeDnsEntry {
  A?: string[];
  AAAA?: string[];
  /** The name is an alias: answers walk on to this name, as a recursive resolver does. */
  CNAME?: string;
  /** Seconds; 300 unless set. */
  ttl?: number;
  /** A DNS failure in the JSON `Status` (2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED). */
  rcode?: number;
  /** An HTTP failure of the resolver itself (e.g. 503). */
  httpStatus?: number;
  /** `garbage`: not JSON; `oversize`: a valid answer of about 1 MiB. */
  body?: "garbage" | "oversize";
  /** A rebinding attacker: once the name was asked `afterQueries` times, it answers as `to` says. */
  rebind?: { afterQueries: number; to: FakeDnsEntry };
}

/** What the receiver's `flood` answer (test/node/webhook-receiver.ts) wrote before its connection closed. */
export interface FloodReport {
  bytesWritten: number;
  closed: boolean;
  completed: boolean;
}
