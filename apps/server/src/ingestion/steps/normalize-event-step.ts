import type { PipelineEvent } from '../pipeline-event';
import { dlq, ok, type StepResult } from '../step-result';

const MAX_EVENT_NAME_LENGTH = 200;

/**
 * Request context and flags every later step relies on: `$ip` from the request (unless the event
 * brought its own), whether to process the person profile (`$process_person_profile: false` turns it
 * off), and a sane event name.
 */
export function normalizeEventStep(event: PipelineEvent): StepResult<PipelineEvent> {
  if (event.event.length > MAX_EVENT_NAME_LENGTH) {
    return dlq(`Event name is longer than ${MAX_EVENT_NAME_LENGTH} characters.`);
  }
  const properties = { ...event.properties };
  if (properties.$ip === undefined && event.request.ip) properties.$ip = event.request.ip;
  const processPerson = properties.$process_person_profile !== false;
  return ok({ ...event, properties, processPerson });
}
