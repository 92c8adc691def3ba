import type { BodySpec, Wrapping } from "../../fuzz/arbitraries/bodies";
import { stringifyWithDeep } from "../../fuzz/arbitraries/deep";

const encoder = new TextEncoder();

/** The bytes of a body spec. */
export async function bodyBytes(spec: BodySpec): Promise<Uint8Array> {
  switch (spec.kind) {
    case "none":
      return new Uint8Array();
    case "json":
      return encoder.encode(stringifyWithDeep(spec.value));
    case "form":
      return encoder.encode(new URLSearchParams(spec.pairs).toString());
    case "text":
    case "document":
      return encoder.encode(spec.text);
    case "bytes":
      return Uint8Array.from(spec.bytes);
    case "huge": {
      const head = '{"title":"huge","content_html":"';
      const fill = spec.fill.repeat(
        Math.ceil((spec.bytes - head.length - 2) / encoder.encode(spec.fill).length),
      );
      return encoder.encode(`${head}${fill}"}`).slice(0, spec.bytes);
    }
    case "wrapped":
      return wrap(spec.wrapping, await bodyBytes(spec.inner));
  }
}

async function wrap(wrapping: Wrapping, inner: Uint8Array): Promise<Uint8Array> {
  switch (wrapping.how) {
    case "truncate":
      return inner.slice(0, Math.floor(inner.length * wrapping.at));
    case "bom":
      return concat(Uint8Array.of(0xef, 0xbb, 0xbf), inner);
    case "utf16le": {
      const text = new TextDecoder().decode(inner);
      const out = new Uint8Array(text.length * 2);
      for (let i = 0; i < text.length; i += 1) {
        const code = text.charCodeAt(i);
        out[2 * i] = code & 0xff;
        out[2 * i + 1] = code >> 8;
      }
      return out;
    }
    case "latin1": {
      const text = new TextDecoder().decode(inner);
      return Uint8Array.from(text, (ch) => (ch.codePointAt(0) ?? 0) & 0xff);
    }
    case "gzip":
      return new Uint8Array(
        await new Response(
          new Blob([inner]).stream().pipeThrough(new CompressionStream("gzip")),
        ).arrayBuffer(),
      );
    case "stream":
      return inner;
    case "trailing-garbage":
      return concat(inner, encoder.encode(wrapping.text));
    case "invalid-utf8": {
      // Inside the first string value when there is one, so the JSON around it stays well-formed.
      const quote = inner.indexOf(0x22, inner.indexOf(0x3a) + 1);
      const at = quote >= 0 ? quote + 1 : inner.length;
      return concat(inner.slice(0, at), Uint8Array.from(wrapping.bytes), inner.slice(at));
    }
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** The body as a stream of `chunks` pieces, with no declared length. */
export function chunked(bytes: Uint8Array, chunks: number): ReadableStream<Uint8Array> {
  const size = Math.max(1, Math.ceil(bytes.length / chunks));
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}
