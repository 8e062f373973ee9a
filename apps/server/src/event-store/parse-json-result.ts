import { clickhouseCodeFromMessage, EventStoreError, kindForClickhouseCode } from './event-store-error';

/**
 * Parses a `JSON`-format result. ClickHouse streams rows before it knows whether the query will
 * finish; when it fails part-way (an invalid regex met on a later block, a memory limit) the body is
 * cut off and ends with the exception text. That is reported as the engine's error, not as a JSON
 * syntax error.
 */
export function parseJsonResult<T>(text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    const at = text.search(/Code:\s*\d+/);
    const message =
      at >= 0
        ? text.slice(at).trim().slice(0, 2000)
        : `Unreadable result from ClickHouse: ${(error as Error).message}`;
    const code = clickhouseCodeFromMessage(message);
    throw new EventStoreError(kindForClickhouseCode(code), message, code, { cause: error });
  }
}
