/**
 * Moves an endpoint's next free rate-limit slot from `expected` to `next`, unless someone moved it since
 * (compare-and-swap in one transaction with the read that follows it). Returns whether it moved, and the
 * value the row holds now: what to plan from on the next try.
 */
export async function swapNextSlot(
  db: D1Database,
  endpointRowId: number,
  expected: number | null,
  next: number,
): Promise<{ swapped: boolean; current: number | null }> {
  const [update, read] = await db.batch<{ next: number | null }>([
    db
      .prepare("UPDATE webhook_endpoints SET rate_next_slot_at = ? WHERE id = ? AND rate_next_slot_at IS ?")
      .bind(next, endpointRowId, expected),
    db.prepare("SELECT rate_next_slot_at AS next FROM webhook_endpoints WHERE id = ?").bind(endpointRowId),
  ]);
  return { swapped: update?.meta.changes === 1, current: read?.results[0]?.next ?? null };
}
