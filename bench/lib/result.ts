/** One number of the report, with the target it is held against when there is one. */
export interface Figure {
  name: string;
  value: number | null;
  unit: string;
  target?: string;
  /** null when there is a target but no value to hold against it. */
  met?: boolean | null;
  note?: string;
}

export interface Measurement {
  id: string;
  title: string;
  status: 'ok' | 'partial' | 'unavailable';
  reason?: string;
  durationMs: number;
  figures: Figure[];
  details?: Record<string, unknown>;
}

/** Thrown by a measurement whose endpoint or prerequisite is not there yet; the run goes on. */
export class Unavailable extends Error {}

export const unavailableFigure = (name: string, unit: string, reason: string, target?: string): Figure => ({
  name,
  value: null,
  unit,
  ...(target ? { target, met: null } : {}),
  note: `unavailable: ${reason}`,
});

export function targetFigure(
  name: string,
  value: number | null,
  unit: string,
  target: string,
  met: (value: number) => boolean,
  note?: string,
): Figure {
  return { name, value, unit, target, met: value === null ? null : met(value), ...(note ? { note } : {}) };
}
