import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';

/** The logger every service takes: pino's, as Fastify types it, so one instance serves both. */
export type Logger = FastifyBaseLogger;

export function createLogger(level: string): Logger {
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime });
}
