/** Fixed names every fuzz file seeds into its own (isolated) D1, so arbitraries can refer to them. */
export const ORIGIN = "https://ferry.test";
export const MAIN_FEED = "fz-main";
export const OTHER_FEED = "fz-other";
/** A tag and an author of the seeded articles, so tag and author feeds have something in them. */
export const SEED_TAG = "Film/Ünï ]]>";
export const SEED_AUTHOR = "News Desk";
