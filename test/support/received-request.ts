/** One request the loopback receiver (test/node/webhook-receiver.ts) got, as it reports it. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  answeredWith: number;
  /** When it arrived, by the receiver's clock (epoch ms). */
  receivedAt: number;
}
