import type { JsonSchema } from "@valibot/to-json-schema";

/** The slice of OpenAPI 3.1 that Ferry's document uses; enough to build it and to render it as HTML. */

export type { JsonSchema };

export interface Ref {
  $ref: string;
}

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

export interface ParameterObject {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  description: string;
  schema: JsonSchema;
}

export interface HeaderObject {
  description: string;
  schema: JsonSchema;
}

export interface MediaTypeObject {
  schema: JsonSchema;
}

export interface ResponseObject {
  description: string;
  headers?: Record<string, HeaderObject | Ref>;
  content?: Record<string, MediaTypeObject>;
}

export interface RequestBodyObject {
  required: boolean;
  content: Record<string, MediaTypeObject>;
}

export interface OperationObject {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  security?: Record<string, string[]>[];
  parameters: (ParameterObject | Ref)[];
  requestBody?: RequestBodyObject;
  responses: Record<string, ResponseObject | Ref>;
}

export interface Components {
  schemas: Record<string, JsonSchema>;
  parameters: Record<string, ParameterObject>;
  headers: Record<string, HeaderObject>;
  responses: Record<string, ResponseObject>;
  securitySchemes: Record<string, { type: "http"; scheme: string; description: string }>;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; license: { name: string }; description: string };
  servers: { url: string; description: string }[];
  tags: { name: string; description: string }[];
  security: Record<string, string[]>[];
  paths: Record<string, Partial<Record<HttpMethod, OperationObject>>>;
  /** What Ferry itself sends, keyed by event type (OpenAPI 3.1 `webhooks`). */
  webhooks: Record<string, { post: OperationObject }>;
  components: Components;
}

export function isRef(value: object): value is Ref {
  return "$ref" in value && typeof value.$ref === "string";
}
