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
} as const;

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
