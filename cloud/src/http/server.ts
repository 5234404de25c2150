/**
 * The Fastify app: registers the route table, validates with zod, answers every error as
 * {code, message}, limits body sizes, and times slow clients out at the HTTP server.
 */
import http from 'node:http';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { CloudError } from '../errors.js';
import type { Ctx } from '../services/context.js';
import { authenticateDevice, bearer } from '../services/devices.js';
import { authenticateRa } from '../services/ra.js';
import type { SadConsumer } from '../services/signing.js';
import { openApiDocument } from './openapi.js';
import { ROUTES, type Binary, type RouteDef } from './routes.js';

export interface LoggerOptions {
  level: string;
  /** Where the lines go; standard output when not given (tests capture them). */
  stream?: { write(line: string): void };
}

export interface ServerOptions {
  logger: boolean | LoggerOptions;
  /** Whole request (headers + body) must arrive within this time. */
  requestTimeoutMs: number;
  /** Proxy addresses / CIDR ranges whose X-Forwarded-For is believed; [] = none. */
  trustProxy: string[];
}

export const JSON_BODY_LIMIT = 64 * 1024;

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return value as T;
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const at = issue.path.length ? `${where}.${issue.path.join('.')}` : where;
  const msg = issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message;
  throw new CloudError('INVALID_REQUEST', `Invalid ${at}: ${msg}.`);
}

function isBinary(v: unknown): v is Binary {
  return typeof v === 'object' && v !== null && (v as Binary).binary === true;
}

/**
 * One line per request, when it ends: method, path and peer (the req serializer), status and time.
 * Fastify's default adds an "incoming request" line before it: twice the lines, and on the signing
 * path ~10 µs of CPU per request (bench/cloud.ts runs the service with this logging on).
 */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}

function send(reply: FastifyReply, err: CloudError): FastifyReply {
  if (err.extra.retryAfter) reply.header('Retry-After', String(err.extra.retryAfter));
  return reply.code(err.status).type('application/json').send(err.toJSON());
}

export function buildApp(ctx: Ctx, consumer: SadConsumer, opts: ServerOptions): FastifyInstance {
  const app = Fastify({
    logger: opts.logger
      ? {
          level: typeof opts.logger === 'object' ? opts.logger.level : 'info',
          ...(typeof opts.logger === 'object' && opts.logger.stream ? { stream: opts.logger.stream } : {}),
          redact: ['req.headers.authorization'],
          serializers: {
            // Method, path and peer only: query strings, headers and bodies may carry secrets.
            req: (req: FastifyRequest) => ({ method: req.method, path: req.url.split('?')[0], remoteAddress: req.ip }),
          },
        }
      : false,
    logController: new OneLinePerRequest(),
    bodyLimit: JSON_BODY_LIMIT,
    // Only the listed proxies: X-Forwarded-For from anyone else is ignored (req.ip = the peer).
    trustProxy: opts.trustProxy.length ? opts.trustProxy : false,
    serverFactory: (handler) => {
      const server = http.createServer(
        {
          requestTimeout: opts.requestTimeoutMs,
          headersTimeout: Math.min(opts.requestTimeoutMs, 10_000),
          keepAliveTimeout: 5_000,
          connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(opts.requestTimeoutMs / 4))),
        },
        handler,
      );
      return server;
    },
  });
  ctx.log = app.log;

  // JSON only (and DER for OCSP): Fastify's text/plain parser would let strings reach the schemas.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('application/ocsp-request', { parseAs: 'buffer', bodyLimit: 16 * 1024 }, (_req, body, done) => done(null, body));

  app.setErrorHandler((err: Error & { code?: string; statusCode?: number }, req, reply) => {
    if (err instanceof CloudError) return send(reply, err);
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return send(reply, new CloudError('PAYLOAD_TOO_LARGE', 'The request body is too large.'));
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return send(reply, new CloudError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.'));
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return send(reply, new CloudError('INVALID_REQUEST', `The request could not be read (${err.code ?? 'bad request'}). Send valid JSON.`));
    }
    req.log.error({ err: { message: err.message, code: err.code, stack: err.stack } }, 'internal error');
    return send(reply, new CloudError('INTERNAL', 'Something went wrong on the server. Try again later.'));
  });
  app.setNotFoundHandler((req, reply) => send(reply, new CloudError('NOT_FOUND', `No such endpoint: ${req.method} ${req.url.split('?')[0]}.`)));

  app.get('/v1/openapi.json', async () => openApiDocument(ctx.baseUrl()));
  app.get('/v1/health', async () => ({ ok: true }));

  for (const r of ROUTES) register(app, ctx, consumer, r);
  return app;
}

function register(app: FastifyInstance, ctx: Ctx, consumer: SadConsumer, r: RouteDef): void {
  app.route({
    method: r.method,
    url: r.path,
    ...(r.bodyLimit ? { bodyLimit: r.bodyLimit } : {}),
    handler: async (req, reply) => {
      if (r.consumes && req.headers['content-type']?.split(';')[0]?.trim() !== r.consumes) {
        throw new CloudError('UNSUPPORTED_MEDIA_TYPE', `Send the body as ${r.consumes}.`);
      }
      const token = bearer(req.headers.authorization);
      const device = r.auth === 'device' ? await authenticateDevice(ctx, token) : null;
      const raId = r.auth === 'ra' ? await authenticateRa(ctx.db, token) : null;
      if (r.auth === 'deviceToken' && !token) {
        throw new CloudError('UNAUTHORIZED', 'This device is not connected to the cloud. Connect it with an SMS code.');
      }
      const body = r.consumes ? null : parse(r.body, req.body, 'body');
      const result = await r.handler({
        ctx,
        consumer,
        body,
        query: parse(r.query, req.query, 'query'),
        params: parse(r.params, req.params, 'path'),
        device,
        deviceToken: r.auth === 'deviceToken' ? token! : null,
        raId,
        address: req.ip,
        rawBody: r.consumes ? (req.body as Buffer) : null,
      });
      if (isBinary(result)) return reply.code(r.reply.status).type(result.contentType).send(result.body);
      return reply.code(r.reply.status).send(result);
    },
  });
}
