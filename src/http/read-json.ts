import { jsonNestingDepth, MAX_JSON_DEPTH } from "../domain/json-depth";
import { FerryError } from "../domain/problems";
import { MAX_BODY_BYTES } from "../domain/request-limits";

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json$/;

/** Rejects anything but a JSON media type (`application/json`, `application/merge-patch+json` …) in UTF-8. */
export function assertJsonContentType(request: Request): void {
  const header = request.headers.get("content-type");
  if (!header) throw new FerryError("unsupported_media_type", "Send the body as application/json.");
  const [mediaType = "", ...params] = header.split(";").map((part) => part.trim().toLowerCase());
  if (!JSON_MEDIA_TYPE.test(mediaType)) {
    throw new FerryError(
      "unsupported_media_type",
      `Content-Type ${mediaType} is not supported; use application/json.`,
    );
  }
  const charset = params
    .find((p) => p.startsWith("charset="))
    ?.slice("charset=".length)
    .replace(/"/g, "");
  if (charset && charset !== "utf-8" && charset !== "utf8") {
    throw new FerryError("unsupported_media_type", `Charset ${charset} is not supported; send UTF-8.`);
  }
}

/** Reads at most `limit` bytes of the body, refusing early on a declared or streamed excess. */
export async function readBodyBytes(request: Request, limit = MAX_BODY_BYTES): Promise<Uint8Array> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw tooLarge(limit);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(limit: number): FerryError {
  return new FerryError("payload_too_large", `The request body exceeds ${limit} bytes.`);
}

/** Decodes strict UTF-8 and parses JSON, answering 400 with the reason on any failure. */
export function parseJsonBytes(bytes: Uint8Array): { text: string; value: unknown } {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new FerryError("invalid_json", "The body is not valid UTF-8.");
  }
  if (text.trim() === "") throw new FerryError("invalid_json", "The body is empty; send a JSON object.");
  if (jsonNestingDepth(text) > MAX_JSON_DEPTH) {
    throw new FerryError(
      "invalid_json",
      `The body nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep.`,
    );
  }
  try {
    return { text, value: JSON.parse(text) };
  } catch (error) {
    throw new FerryError("invalid_json", `The body is not valid JSON: ${(error as Error).message}`);
  }
}

/** Content type check, size limit, UTF-8 and JSON parsing in one step; also returns the exact text. */
export async function readJsonBody(request: Request): Promise<{ text: string; value: unknown }> {
  assertJsonContentType(request);
  return parseJsonBytes(await readBodyBytes(request));
}
