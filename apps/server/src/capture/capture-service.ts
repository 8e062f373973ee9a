import type { Spool } from '../spool/spool';
import { SpoolFullError } from '../spool/spool';
import { CaptureError } from './capture-error';
import type { CaptureBatch } from './captured-event';
import { decodeCaptureBody } from './decode-capture-body';
import { parseCapturePayload } from './parse-capture-payload';
import type { ProjectTokenCache } from './project-token-cache';

export interface CaptureRequest {
  body: Buffer;
  query: Record<string, string | undefined>;
  contentType: string | undefined;
  contentEncoding: string | undefined;
  ip: string | null;
  userAgent: string | null;
  /** `/engage/` reads its body as `$identify`. */
  engage: boolean;
  /** Largest decompressed payload accepted for this endpoint, in bytes. */
  maxBytes: number;
}

/** Values that look like seconds rather than milliseconds land before 2021 and are ignored. */
const EARLIEST_QUERY_SENT_AT = Date.parse('2021-01-01T00:00:00Z');

function malformedToken(token: string): boolean {
  return token.length > 64 || /[^\x20-\x7e]/.test(token) || token.startsWith('phx_');
}

/**
 * Capture at the edge: decode, validate and authenticate a request, then append it to the spool.
 * Resolves only once the events are durable; that is when the SDK may be told 200.
 */
export class CaptureService {
  constructor(private readonly deps: { spool: Spool; tokens: ProjectTokenCache; now?: () => number }) {}

  async capture(request: CaptureRequest): Promise<{ events: number }> {
    const receivedAt = (this.deps.now ?? Date.now)();
    const text = await decodeCaptureBody(request);
    const parsed = parseCapturePayload(text, { engage: request.engage });
    if (!parsed.token) {
      throw new CaptureError(
        401,
        'ingest_key_required',
        'No project API key: send it as "api_key" in the batch or "token" in the event properties.',
      );
    }
    const project = malformedToken(parsed.token) ? null : await this.deps.tokens.resolve(parsed.token);
    if (!project) {
      throw new CaptureError(
        403,
        'ingest_key_unknown',
        'Project API key invalid. You can find your project API key in your project settings.',
      );
    }
    let sentAt = parsed.sentAt;
    const queryMs = Number(request.query._);
    if (!sentAt && Number.isFinite(queryMs) && queryMs >= EARLIEST_QUERY_SENT_AT)
      sentAt = new Date(queryMs).toISOString();
    const batch: CaptureBatch = {
      v: 1,
      receivedAt,
      projectId: project.id,
      ip: request.ip,
      userAgent: request.userAgent,
      sentAt,
      historical: parsed.historical,
      events: parsed.events,
    };
    try {
      await this.deps.spool.append(Buffer.from(JSON.stringify(batch)));
    } catch (error) {
      if (error instanceof SpoolFullError) {
        throw new CaptureError(503, 'service_unavailable', 'Ingestion is backed up; retry later.');
      }
      throw error;
    }
    return { events: parsed.events.length };
  }
}
