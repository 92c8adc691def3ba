/** A problem's invalid members as `"<pointer>" → <detail>` lines, the way the README quotes them. */
export function errorLines(problem: { errors?: readonly { pointer: string; detail: string }[] }): string[] {
  return (problem.errors ?? []).map((e) => `${JSON.stringify(e.pointer)} → ${e.detail}`);
}
