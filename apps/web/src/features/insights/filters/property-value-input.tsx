import type { PropertyFilterNode, PropertyOperator } from '@hedgerow/schema';
import { TagsInput, TextInput } from '@mantine/core';
import { CommitNumberInput } from '../commit-number-input';
import { CommitTextInput } from '../commit-text-input';
import { usePropertyValues } from '../use-property-values';
import { takesList, takesNumber, type ValueKind } from './property-operators';

type Value = PropertyFilterNode['value'];

const asList = (value: Value): string[] =>
  value === null || value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String);

/**
 * The value part of a property filter, shaped by its operator: several values (with the property's
 * most frequent values offered) for equals / does not equal, a number for comparisons, a date for
 * date operators, free text otherwise.
 */
export function PropertyValueInput({
  projectId,
  filter,
  kind,
  label,
  onChange,
}: {
  projectId: number;
  filter: PropertyFilterNode;
  kind: ValueKind | null;
  label: string;
  onChange: (value: Value) => void;
}) {
  const operator: PropertyOperator = filter.operator ?? 'exact';
  const values = usePropertyValues(projectId, filter.type, takesList(operator) ? String(filter.key) : null);

  if (takesList(operator)) {
    return (
      <TagsInput
        aria-label={label}
        placeholder={asList(filter.value).length === 0 ? 'Enter values' : undefined}
        data={values.data ?? []}
        value={asList(filter.value)}
        onChange={(list) =>
          onChange(kind === 'Numeric' ? list.map((v) => (Number.isFinite(Number(v)) ? Number(v) : v)) : list)
        }
        clearable
        acceptValueOnBlur
        limit={50}
        w={220}
        comboboxProps={{ width: 280, position: 'bottom-start' }}
      />
    );
  }
  if (takesNumber(operator)) {
    return (
      <CommitNumberInput
        aria-label={label}
        placeholder="Number"
        value={typeof filter.value === 'number' ? filter.value : filter.value ? Number(filter.value) : null}
        onCommit={(n) => onChange(n)}
        w={140}
      />
    );
  }
  if (operator === 'is_date_exact' || operator === 'is_date_before' || operator === 'is_date_after') {
    return (
      <TextInput
        aria-label={label}
        type="date"
        value={typeof filter.value === 'string' ? filter.value.slice(0, 10) : ''}
        onChange={(e) => onChange(e.currentTarget.value)}
        w={170}
      />
    );
  }
  return (
    <CommitTextInput
      aria-label={label}
      placeholder={operator.includes('regex') ? 'Regular expression' : 'Text'}
      value={typeof filter.value === 'string' || typeof filter.value === 'number' ? String(filter.value) : ''}
      onCommit={(v) => onChange(v)}
      w={200}
    />
  );
}
