import type { UpdateProjectRequest } from '@hedgerow/schema';
import { Alert, Button, Group, Radio, Select, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { api } from '../../api/api';
import { ApiError } from '../../api/api-error';
import type { Project } from '../../api/api-types';
import { queryKeys } from '../../api/query-keys';
import { errorMessage } from '../../ui/error-message';
import { Icon } from '../../ui/icon';
import { timezoneOptions } from './timezone-options';

type Field = 'name' | 'timezone' | 'week_start_day';
const isField = (attr: string | null): attr is Field =>
  attr === 'name' || attr === 'timezone' || attr === 'week_start_day';

/** Name, time zone and week start of a project, saved with `PATCH /api/projects/:id/`. */
export function ProjectSettingsForm({ project, canEdit }: { project: Project; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(project.name);
  const [timezone, setTimezone] = useState(project.timezone);
  const [weekStartDay, setWeekStartDay] = useState<0 | 1>(project.week_start_day);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const options = useMemo(() => timezoneOptions(project.timezone), [project.timezone]);

  const save = useMutation({
    mutationFn: (body: UpdateProjectRequest) => api.patch<Project>(`/api/projects/${project.id}/`, body),
    onSuccess: async (updated) => {
      queryClient.setQueryData(queryKeys.project(updated.id), updated);
      // The header and the switcher show the name too.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.me }),
        queryClient.invalidateQueries({ queryKey: queryKeys.organizations }),
      ]);
    },
    onError: (error) => {
      if (error instanceof ApiError && isField(error.attr)) setFieldErrors({ [error.attr]: error.detail });
    },
  });

  const changed =
    name.trim() !== project.name || timezone !== project.timezone || weekStartDay !== project.week_start_day;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setFieldErrors({ name: 'Name the project.' });
      return;
    }
    setFieldErrors({});
    save.mutate({ name: name.trim(), timezone, week_start_day: weekStartDay });
  };

  const formError = save.error && !(save.error instanceof ApiError && isField(save.error.attr));
  return (
    <form onSubmit={submit} noValidate aria-label="Project settings">
      <Stack gap="md" maw={520}>
        <TextInput
          label="Project name"
          name="name"
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            save.reset();
          }}
          error={fieldErrors.name}
          disabled={!canEdit}
          required
        />
        <Select
          label="Time zone"
          description="Insights count days, weeks and months in this time zone."
          name="timezone"
          data={options}
          value={timezone}
          onChange={(value) => {
            if (value) setTimezone(value);
            save.reset();
          }}
          searchable
          allowDeselect={false}
          nothingFoundMessage="No time zone matches"
          maxDropdownHeight={320}
          error={fieldErrors.timezone}
          disabled={!canEdit}
          data-testid="timezone-select"
        />
        <Radio.Group
          label="Week starts on"
          description="Used by weekly insights and retention."
          name="week_start_day"
          value={String(weekStartDay)}
          onChange={(value) => {
            setWeekStartDay(value === '1' ? 1 : 0);
            save.reset();
          }}
          error={fieldErrors.week_start_day}
        >
          <Group mt="xs">
            <Radio value="0" label="Sunday" disabled={!canEdit} />
            <Radio value="1" label="Monday" disabled={!canEdit} />
          </Group>
        </Radio.Group>
        {save.isSuccess && !changed && (
          <Alert color="green" variant="light" icon={<Icon name="check" />} role="status">
            Project settings saved.
          </Alert>
        )}
        {formError && (
          <Alert color="red" variant="light" icon={<Icon name="alert" />} role="alert">
            {errorMessage(save.error)}
          </Alert>
        )}
        {canEdit && (
          <Group>
            <Button type="submit" loading={save.isPending} disabled={!changed}>
              Save changes
            </Button>
            {changed && (
              <Button
                variant="default"
                onClick={() => {
                  setName(project.name);
                  setTimezone(project.timezone);
                  setWeekStartDay(project.week_start_day);
                  setFieldErrors({});
                  save.reset();
                }}
              >
                Discard
              </Button>
            )}
          </Group>
        )}
      </Stack>
    </form>
  );
}
