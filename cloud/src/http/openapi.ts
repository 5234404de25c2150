/** OpenAPI 3.1 for /v1, generated from the route table and its zod schemas. */
import { z } from 'zod';
import { CLOUD_ERROR_STATUS } from '../errors.js';
import { ROUTES } from './routes.js';
import { ErrorBody } from './schemas.js';

type Json = Record<string, unknown>;

function schema(s: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Json;
  void _drop;
  return rest;
}

export function openApiDocument(baseUrl: string): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const r of ROUTES) {
    const path = r.path.replace(/:(\w+)/g, '{$1}');
    const op: Json = {
      tags: [r.tag],
      summary: r.summary,
      ...(r.description ? { description: r.description } : {}),
      operationId: `${r.method.toLowerCase()}${path.replace(/[/{}.-]+(\w)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    };
    if (r.auth === 'device' || r.auth === 'deviceToken') op.security = [{ deviceToken: [] }];
    if (r.auth === 'ra') op.security = [{ raKey: [] }];
    const parameters: Json[] = [];
    for (const [where, s] of [
      ['path', r.params],
      ['query', r.query],
    ] as const) {
      if (!s) continue;
      const js = schema(s, 'input') as { properties?: Record<string, Json>; required?: string[] };
      for (const [name, p] of Object.entries(js.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: p });
      }
    }
    if (parameters.length) op.parameters = parameters;
    if (r.body) {
      op.requestBody = {
        required: true,
        content: { 'application/json': { schema: schema(r.body, 'input'), ...(r.example?.request ? { example: r.example.request } : {}) } },
      };
    } else if (r.consumes) {
      op.requestBody = { required: true, content: { [r.consumes]: { schema: { type: 'string', format: 'binary' } } } };
    }
    const ok: Json = { description: r.reply.description };
    if (r.reply.schema) {
      ok.content = { 'application/json': { schema: schema(r.reply.schema, 'output'), ...(r.example?.reply ? { example: r.example.reply } : {}) } };
    } else if (r.reply.contentType) {
      ok.content = { [r.reply.contentType]: { schema: { type: 'string', format: 'binary' } } };
    }
    const responses: Record<string, Json> = { [String(r.reply.status)]: ok };
    const byStatus = new Map<number, string[]>();
    for (const code of r.errors) {
      const st = CLOUD_ERROR_STATUS[code];
      byStatus.set(st, [...(byStatus.get(st) ?? []), code]);
    }
    for (const [st, codes] of byStatus) {
      responses[String(st)] = { description: codes.join(', '), content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    }
    op.responses = responses;
    (paths[path] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Dojang Cloud (금융인증서-style cloud certificate service)',
      version: '1.0.0',
      description:
        'Remote signing service: RA registration, issue, SMS device connection, CSC-shaped credentials/authorize and signatures/signHash, CMS, renewal, CRL and OCSP. See docs/cloud-api.md.',
    },
    servers: [{ url: baseUrl }],
    components: {
      securitySchemes: {
        deviceToken: { type: 'http', scheme: 'bearer', description: 'Auto-connect token from POST /v1/connect/verify (dt_…)' },
        raKey: { type: 'http', scheme: 'bearer', description: 'Registration authority API key (rak_…)' },
      },
      schemas: { Error: schema(ErrorBody, 'output') },
    },
    paths,
  };
}
