/** Every console URL, built in one place: routes, links, form actions and redirects agree by construction. */
export const CONSOLE_ROOT = "/console";

export const consolePaths = {
  signIn: `${CONSOLE_ROOT}/sign-in`,
  signOut: `${CONSOLE_ROOT}/sign-out`,
  feeds: `${CONSOLE_ROOT}/feeds`,
  newFeed: `${CONSOLE_ROOT}/feeds/new`,
  feedSettings: (slug: string) => `${CONSOLE_ROOT}/feeds/${slug}/settings`,
  articles: (slug: string) => `${CONSOLE_ROOT}/feeds/${slug}/articles`,
  newArticle: (slug: string) => `${CONSOLE_ROOT}/feeds/${slug}/articles/new`,
  article: (slug: string, id: string) => `${CONSOLE_ROOT}/feeds/${slug}/articles/${id}`,
  deleteArticle: (slug: string, id: string) => `${CONSOLE_ROOT}/feeds/${slug}/articles/${id}/delete`,
  webhooks: (slug: string) => `${CONSOLE_ROOT}/feeds/${slug}/webhooks`,
  newWebhook: (slug: string) => `${CONSOLE_ROOT}/feeds/${slug}/webhooks/new`,
  webhook: (slug: string, id: string) => `${CONSOLE_ROOT}/feeds/${slug}/webhooks/${id}`,
  /** `edit`, `pause`, `resume`, `rotate-secret`, `test`, `replay`, `delete`. */
  webhookAction: (slug: string, id: string, action: WebhookAction) =>
    `${CONSOLE_ROOT}/feeds/${slug}/webhooks/${id}/${action}`,
  redeliver: (slug: string, id: string, deliveryId: string) =>
    `${CONSOLE_ROOT}/feeds/${slug}/webhooks/${id}/deliveries/${deliveryId}/redeliver`,
  websub: (slug: string) => `${CONSOLE_ROOT}/feeds/${slug}/websub`,
  websubSubscriber: (slug: string, id: string) => `${CONSOLE_ROOT}/feeds/${slug}/websub/${id}`,
  transfer: (slug: string) => `${CONSOLE_ROOT}/feeds/${slug}/import`,
  export: (slug: string) => `${CONSOLE_ROOT}/feeds/${slug}/export`,
  tokens: `${CONSOLE_ROOT}/tokens`,
  newToken: `${CONSOLE_ROOT}/tokens/new`,
  /** `rotate` or `revoke`. */
  tokenAction: (id: string, action: "rotate" | "revoke") => `${CONSOLE_ROOT}/tokens/${id}/${action}`,
} as const;

export type WebhookAction = "edit" | "pause" | "resume" | "rotate-secret" | "test" | "replay" | "delete";

/** A path with a closed-set notice for the page it leads to (see NOTICES). */
export function withNotice(path: string, notice: string): string {
  return `${path}?notice=${notice}`;
}

/** Where sign-in may send the browser back to: a console path in visible ASCII, never another site. */
const RETURN_PATH = /^\/console\/[\x21-\x7e]{0,500}$/;

export function safeReturnPath(candidate: string | null | undefined): string | null {
  if (!candidate || !RETURN_PATH.test(candidate) || candidate.includes("//") || candidate.includes("\\")) {
    return null;
  }
  return candidate;
}
