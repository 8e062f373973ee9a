/**
 * A capture request refused at the edge, answered in the newest PostHog capture's shape:
 * `{"status": 400, "code": "missing_event_name", "error": "…"}`. SDKs read only the status code:
 * 4xx are not retried, 5xx are.
 */
export class CaptureError extends Error {
  override readonly name = 'CaptureError';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  toBody(): { status: number; code: string; error: string } {
    return { status: this.statusCode, code: this.code, error: this.message };
  }
}

export const requestDecodingError = (message: string) =>
  new CaptureError(400, 'request_decoding_error', message);
export const requestParsingError = (message: string) =>
  new CaptureError(400, 'request_parsing_error', message);
export const payloadTooLarge = (limitBytes: number) =>
  new CaptureError(
    413,
    'payload_too_large',
    `Payload exceeds the limit of ${limitBytes} bytes after decompression.`,
  );
