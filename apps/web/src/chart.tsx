import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  label: string;
  values: number[];
  color: string;
}

/** A uPlot line chart over x labels (weeks or days), resized with its container. */
export function LineChart({
  title,
  labels,
  series,
  height = 240,
}: {
  title: string;
  labels: string[];
  series: Series[];
  height?: number;
}) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const xs = labels.map((_, index) => index);
    const plot = new uPlot(
      {
        width: element.clientWidth || 600,
        height,
        scales: { x: { time: false } },
        axes: [
          // Only whole ticks name a label: uPlot also places ticks between points, which repeated names.
          {
            values: (_u, ticks) => ticks.map((tick) => (Number.isInteger(tick) ? (labels[tick] ?? '') : '')),
            stroke: '#334',
          },
          { stroke: '#334' },
        ],
        series: [
          {},
          ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, points: { show: true } })),
        ],
      },
      [xs, ...series.map((s) => s.values)],
      element,
    );
    const observer = new ResizeObserver(() => plot.setSize({ width: element.clientWidth, height }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [labels, series, height]);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div
        ref={host}
        role="img"
        aria-label={`${title}: ${series.map((s) => `${s.label} ${s.values.join(', ')}`).join('; ')}`}
      />
    </figure>
  );
}
