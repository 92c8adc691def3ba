/** What the consumer does with a message once its work ran: done, or come back after a delay. */
export type QueueStep = { next: "done" } | { next: "again"; inSeconds: number };
