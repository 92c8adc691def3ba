/** The largest request body Ferry accepts (an article with its full HTML content). */
export const MAX_BODY_BYTES = 1024 * 1024;
