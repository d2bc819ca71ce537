import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BenchOptions } from './options';
import { Figure, Measurement } from './result';

export interface Report {
  command: string;
  startedAt: string;
  finishedAt: string;
  machine: { cores: number; cpu: string; memoryGiB: number; platform: string; node: string };
  options: BenchOptions;
  measurements: Measurement[];
}

export function machine(): Report['machine'] {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function met(figure: Figure): string {
  if (!figure.target) return '';
  if (figure.met === true) return 'met';
  if (figure.met === false) return '**missed**';
  return 'n/a';
}

function value(figure: Figure): string {
  if (figure.value === null) return '—';
  return figure.value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

export function markdown(report: Report): string {
  const m = report.machine;
  const lines = [
    '# Advocacy Engine benchmark',
    '',
    `- command: \`${report.command}\``,
    `- date: ${report.startedAt} (finished ${report.finishedAt})`,
    `- machine: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB memory, ${m.platform}, Node ${m.node}`,
    `- mode: ${report.options.quick ? 'quick (reduced sizes)' : 'full'}; Kafka outage step: ${report.options.kafkaOutage ? 'on' : 'off'}`,
    '',
    '| measurement | figure | value | unit | target | met | note |',
    '|---|---|---:|---|---|---|---|',
  ];
  for (const measurement of report.measurements) {
    if (measurement.figures.length === 0) {
      lines.push(
        `| ${cell(measurement.title)} | — | — | | | | ${cell(`${measurement.status}: ${measurement.reason ?? ''}`)} |`,
      );
    }
    for (const figure of measurement.figures) {
      lines.push(
        `| ${cell(measurement.title)} | ${cell(figure.name)} | ${value(figure)} | ${figure.unit} | ${cell(figure.target ?? '')} | ${met(figure)} | ${cell(figure.note ?? '')} |`,
      );
    }
  }
  const behind = report.measurements.filter((entry) => {
    const backlog = entry.details?.backlogAtStart as Record<string, number | null> | undefined;
    return backlog && Object.values(backlog).some((lag) => lag !== 0);
  });
  if (behind.length > 0) {
    lines.push('', '## Started with a consumer backlog (the previous measurement had not drained)', '');
    for (const entry of behind)
      lines.push(`- **${entry.title}**: ${JSON.stringify(entry.details?.backlogAtStart)}`);
  }
  const problems = report.measurements.filter((entry) => entry.status !== 'ok');
  if (problems.length > 0) {
    lines.push('', '## Unavailable or partial', '');
    for (const entry of problems) lines.push(`- **${entry.title}** (${entry.status}): ${entry.reason ?? ''}`);
  }
  return `${lines.join('\n')}\n`;
}

export function writeReport(report: Report, directory: string): { json: string; md: string } {
  mkdirSync(directory, { recursive: true });
  const json = path.join(directory, 'latest.json');
  const md = path.join(directory, 'latest.md');
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(md, markdown(report));
  return { json, md };
}
