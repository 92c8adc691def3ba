import type { DirectoryEntry } from "./directory";
import { element, formatRfc822, renderXmlDocument } from "./xml-writer";

const OPML_SPEC_URL = "http://opml.org/spec2.opml";

/**
 * An OPML 2.0 subscription list of every feed, for importing into a feed reader. Each outline points
 * at the RSS format, which every reader understands, and at the feed's HTML page.
 */
export function renderOpml(
  entries: readonly DirectoryEntry[],
  head: { title: string; updated: number | null },
): string {
  const outlines = entries.map((entry) =>
    element("outline", {
      type: "rss",
      text: entry.title,
      title: entry.title,
      xmlUrl: entry.urls.rss,
      htmlUrl: entry.urls.html,
      description: entry.description || null,
      language: entry.language,
    }),
  );
  return renderXmlDocument(
    element("opml", { version: "2.0" }, [
      element("head", {}, [
        element("title", {}, [head.title]),
        head.updated === null ? null : element("dateModified", {}, [formatRfc822(head.updated)]),
        element("docs", {}, [OPML_SPEC_URL]),
      ]),
      element("body", {}, outlines),
    ]),
  );
}
