import { formatUtc } from "../format";

/** Whether an article is live, waiting for its time, or deleted: said in words, not by colour alone. */
export function articleStatus(
  article: { datePublished: number; deletedAt: number | null },
  nowMs: number,
): "published" | "scheduled" | "deleted" {
  if (article.deletedAt !== null) return "deleted";
  return article.datePublished > nowMs ? "scheduled" : "published";
}

const STATUS_LABELS = { published: "Published", scheduled: "Scheduled", deleted: "Deleted" } as const;

export function StatusBadge(props: { datePublished: number; deletedAt: number | null; nowMs: number }) {
  const status = articleStatus(props, props.nowMs);
  const title =
    status === "scheduled"
      ? `Goes live ${formatUtc(props.datePublished)}`
      : status === "deleted" && props.deletedAt !== null
        ? `Deleted ${formatUtc(props.deletedAt)}`
        : undefined;
  return (
    <span class={`badge ${status}`} title={title}>
      {STATUS_LABELS[status]}
    </span>
  );
}
