import type { Author } from "./article";

/** A feed's settings as Ferry stores them. */
export interface Feed {
  rowId: number;
  /** Stable UUID: the Atom feed id is `urn:uuid:<publicId>`. */
  publicId: string;
  slug: string;
  title: string;
  description: string | null;
  homePageUrl: string | null;
  language: string | null;
  author: Author | null;
  icon: string | null;
  itemLimit: number;
  /** Epoch ms of the newest article write (create, edit, delete). */
  contentChangedAt: number;
  createdAt: number;
  updatedAt: number;
}
