import type { PropertyOperator } from '@hedgerow/schema';

/** How a property's values look, from its definition; decides which operators the editor offers. */
export type ValueKind = 'String' | 'Numeric' | 'Boolean' | 'DateTime';

export const operatorLabels: Record<PropertyOperator, string> = {
  exact: '= equals',
  is_not: '≠ does not equal',
  icontains: '∋ contains',
  not_icontains: '∌ does not contain',
  regex: '~ matches regex',
  not_regex: '≁ does not match regex',
  gt: '> greater than',
  gte: '≥ at least',
  lt: '< less than',
  lte: '≤ at most',
  is_set: '✓ is set',
  is_not_set: '✕ is not set',
  is_date_exact: 'on date',
  is_date_before: 'before',
  is_date_after: 'after',
  between: 'between',
  not_between: 'not between',
  min: 'min',
  max: 'max',
  in: 'in',
  not_in: 'not in',
};

const common: PropertyOperator[] = ['is_set', 'is_not_set'];

/** The operators offered for a kind of value, the default first. */
export function operatorsFor(kind: ValueKind | null): PropertyOperator[] {
  switch (kind) {
    case 'Numeric':
      return ['exact', 'is_not', 'gt', 'gte', 'lt', 'lte', ...common];
    case 'Boolean':
      return ['exact', 'is_not', ...common];
    case 'DateTime':
      return ['is_date_exact', 'is_date_before', 'is_date_after', ...common];
    default:
      return ['exact', 'is_not', 'icontains', 'not_icontains', 'regex', 'not_regex', 'gt', 'lt', ...common];
  }
}

/** Whether an operator compares with a value at all (`is_set` does not). */
export function takesValue(operator: PropertyOperator): boolean {
  return operator !== 'is_set' && operator !== 'is_not_set';
}

/** Whether an operator takes a list of values, any of which may match (PostHog's exact / is_not). */
export function takesList(operator: PropertyOperator): boolean {
  return operator === 'exact' || operator === 'is_not';
}

/** Whether an operator compares numbers. */
export function takesNumber(operator: PropertyOperator): boolean {
  return operator === 'gt' || operator === 'gte' || operator === 'lt' || operator === 'lte';
}
