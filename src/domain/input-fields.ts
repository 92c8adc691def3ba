import * as v from "valibot";
import { cleanSingleLine, cleanText } from "./clean-text";
import { isHttpUrl, MAX_URL_LENGTH } from "./url-rules";

/** Field schemas that articles, feeds and their podcast settings share. */

/** Absolute http(s) URL, the only scheme a feed reader should ever be sent to. */
export const HttpUrl = v.pipe(
  v.string(),
  v.trim(),
  v.maxLength(MAX_URL_LENGTH, `Must be at most ${MAX_URL_LENGTH} characters.`),
  v.check(isHttpUrl, "Must be an absolute http or https URL."),
  v.description("Absolute http(s) URL."),
);

/** A single line of text: XML-illegal characters removed, whitespace collapsed. */
export const line = (max: number) =>
  v.pipe(
    v.string(),
    v.transform(cleanSingleLine),
    v.minLength(1, "Must not be empty."),
    v.maxLength(max, `Must be at most ${max} characters.`),
  );

/** Free text: XML-illegal characters removed. */
export const text = (max: number) =>
  v.pipe(v.string(), v.transform(cleanText), v.maxLength(max, `Must be at most ${max} characters.`));

export const LanguageTag = v.pipe(
  v.string(),
  v.regex(
    /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,4}$/,
    "Must be a BCP 47 language tag such as en or zh-Hant.",
  ),
  v.maxLength(35),
);

export const EmailAddress = v.pipe(
  v.string(),
  v.trim(),
  v.email("Must be an email address."),
  v.maxLength(254),
);

/** A MIME type such as audio/mpeg: a type and a subtype, without parameters. */
export const MimeType = v.pipe(
  v.string(),
  v.regex(/^[\w.+-]+\/[\w.+-]+$/, "Must be a MIME type such as audio/mpeg."),
  v.maxLength(127),
);

/** Absolute https URL: what podcast directories insist on for artwork. */
export const HttpsUrl = v.pipe(HttpUrl, v.regex(/^https:\/\//, "Must be an absolute https URL."));

/** A whole number from `min` up, as episode and season numbers are. */
export const WholeNumber = (min: number) =>
  v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(Number.MAX_SAFE_INTEGER));
