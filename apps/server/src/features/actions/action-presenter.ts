import type { ActionResponse, ActionStep, ActionStepResponse } from '@hedgerow/schema';
import { selectorRegex } from '../../query/filters/selector-regex';
import type { Action } from './action-repository';

function presentStep(step: ActionStep): ActionStepResponse {
  let regex: string | null = null;
  if (step.selector) {
    try {
      regex = selectorRegex(step.selector);
    } catch {
      // A selector saved before the compiler refused it: show the step without a regex.
    }
  }
  return {
    event: step.event ?? null,
    properties: step.properties ?? null,
    selector: step.selector ?? null,
    selector_regex: regex,
    tag_name: step.tag_name ?? null,
    text: step.text ?? null,
    text_matching: step.text_matching ?? null,
    href: step.href ?? null,
    href_matching: step.href_matching ?? null,
    url: step.url ?? null,
    url_matching: step.url_matching ?? null,
  };
}

/**
 * An action in the shape of PostHog's `ActionSerializer`. Hedgerow computes actions when queries
 * run, so nothing is ever "calculating" and `last_calculated_at` is when the action was created (the
 * model's default in PostHog); Slack notifications and pinning are not supported.
 */
export function presentAction(action: Action): ActionResponse {
  const creator = action.created_by;
  return {
    id: action.id,
    name: action.name,
    description: action.description,
    tags: action.tags,
    post_to_slack: false,
    slack_message_format: '',
    steps: action.steps.map(presentStep),
    created_at: action.created_at,
    created_by: creator
      ? {
          id: creator.id,
          uuid: creator.uuid,
          distinct_id: creator.uuid,
          first_name: creator.first_name,
          last_name: '',
          email: creator.email,
        }
      : null,
    deleted: action.deleted,
    is_calculating: false,
    last_calculated_at: action.created_at,
    team_id: action.team_id,
    is_action: true,
    bytecode_error: null,
    pinned_at: null,
    creation_context: null,
  };
}
