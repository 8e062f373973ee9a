import { Box, Skeleton, useComputedColorScheme } from '@mantine/core';
import type { EChartsCoreOption, EChartsType } from 'echarts/core';
import { useEffect, useRef, useState } from 'react';
import { ErrorState } from './error-state';

/** What a click on a chart's data point reports (a subset of ECharts' event parameters). */
export interface ChartPoint {
  seriesIndex?: number;
  dataIndex: number;
  seriesName?: string;
  name: string;
  value: unknown;
  data: unknown;
  dataType?: string;
}

const loadECharts = () => import('./echarts-setup');

/**
 * An Apache ECharts chart. ECharts is loaded on first use (its own chunk), drawn as SVG in the app's
 * light or dark theme, resized with its container, and re-drawn from scratch when `option` changes.
 * Clicks on data points go to `onPointClick`. The chart is an image to assistive technology, so the
 * page must show its numbers elsewhere too (every insight has a table under its chart).
 */
export function EChart({
  option,
  height = 320,
  label,
  onPointClick,
  testId,
}: {
  option: EChartsCoreOption;
  height?: number;
  label: string;
  onPointClick?: (point: ChartPoint) => void;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const scheme = useComputedColorScheme('light', { getInitialValueInEffect: false });
  const [chart, setChart] = useState<EChartsType | null>(null);
  const [failed, setFailed] = useState<unknown>(null);
  const onClick = useRef(onPointClick);
  onClick.current = onPointClick;

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    let instance: EChartsType | null = null;
    let cancelled = false;
    loadECharts()
      .then(({ init }) => {
        if (cancelled) return;
        instance = init(element, `hedgerow-${scheme}`, { renderer: 'svg' });
        instance.on('click', (params) => onClick.current?.(params as unknown as ChartPoint));
        setChart(instance);
      })
      .catch((error: unknown) => setFailed(error));
    const observer = new ResizeObserver(() => instance?.resize());
    observer.observe(element);
    return () => {
      cancelled = true;
      observer.disconnect();
      instance?.dispose();
      setChart(null);
    };
  }, [scheme]);

  useEffect(() => {
    chart?.setOption(option, { notMerge: true });
  }, [chart, option]);

  if (failed) return <ErrorState title="Could not load the chart" error={failed} />;
  return (
    <Box pos="relative" h={height}>
      {!chart && <Skeleton pos="absolute" inset={0} h={height} aria-hidden="true" />}
      <div ref={ref} role="img" aria-label={label} data-testid={testId} style={{ width: '100%', height }} />
    </Box>
  );
}
