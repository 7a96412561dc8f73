// The hunt's timeline: one row per event behind a detection's result rows, in time order: when,
// on which host, which detection, its risk score and its risk message with the `$field$` tokens
// filled from the result row (as Splunk's risk-based alerting fills them).
import type { DetectionResult } from '../engine/eval/runDetection';
import type { EventMetadata } from '../engine/event';
import { readLog } from '../engine/readers/readLog';
import { firstValue } from '../engine/event';
import { recordKey } from '../engine/readers/evtxRecords';
import type { HuntOutcome } from './hunt';

export interface TimelineRow {
  /** ISO-8601, UTC. */
  time: string;
  host: string;
  detection: string;
  risk_score: number | '';
  risk_message: string;
  /** The detection's file, and the event's line (an .evtx log: its record number). */
  file: string;
  line: number;
}

/** `$field$` replaced by the row's value (a multivalue field's values joined by ", "; a missing field by nothing). */
export function fillRiskMessage(message: string, fields: DetectionResult['fields']): string {
  return message.replace(/\$([^$\s]+)\$/g, (_, name: string) => {
    const value = fields[name];
    return value === undefined ? '' : Array.isArray(value) ? value.join(', ') : value;
  });
}

/**
 * The rows of a hunt's hits. The log is read a second time for the hit events only (their time and
 * host): a hunt keeps no event beyond the rows it returns.
 */
export async function timelineRows(outcome: HuntOutcome, metadata: EventMetadata, signal?: AbortSignal): Promise<TimelineRow[]> {
  const wanted = new Set<string>();
  for (const { run } of outcome.ran) for (const result of run.results) for (const key of eventKeys(result)) wanted.add(key);
  const events = new Map<string, { time: number; host: string }>();
  if (wanted.size > 0) {
    const reader = readLog(outcome.log, { ...metadata, signal });
    for await (const batch of reader.batches()) {
      for (const event of batch) {
        const record = reader.stats.format === 'evtx' ? reader.records.at(event.line) : undefined;
        const key = record ? recordKey(record) : String(event.line);
        if (wanted.has(key)) events.set(key, { time: event.time, host: firstValue(event.get('host')) ?? '' });
      }
      if (events.size === wanted.size) break;
    }
  }
  const rows: Array<TimelineRow & { epoch: number }> = [];
  for (const { detection, run } of outcome.ran) {
    for (const result of run.results) {
      const message = detection.riskMessage === undefined ? '' : fillRiskMessage(detection.riskMessage, result.fields);
      const lines = result.records ? result.records.map((r) => r.record) : result.events;
      eventKeys(result).forEach((key, i) => {
        const line = lines[i];
        const event = events.get(key);
        const epoch = event?.time ?? 0;
        rows.push({
          epoch, time: isoTime(epoch), host: event?.host ?? '', detection: detection.name, risk_score: detection.riskScore ?? '', risk_message: message, file: detection.path, line,
        });
      });
    }
  }
  rows.sort((a, b) => a.epoch - b.epoch || a.line - b.line || a.detection.localeCompare(b.detection));
  return rows.map(({ epoch: _epoch, ...row }) => row);
}

/** A text log's events by line; an .evtx log's by file and record. */
function eventKeys(result: DetectionResult): string[] {
  return result.records ? result.records.map(recordKey) : result.events.map(String);
}

function isoTime(epoch: number): string {
  const date = new Date(epoch * 1000);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

const COLUMNS: Array<keyof TimelineRow> = ['time', 'host', 'detection', 'risk_score', 'risk_message', 'file', 'line'];

function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV with a header, or JSON lines (`jsonl`). */
export function formatTimeline(rows: readonly TimelineRow[], format: 'csv' | 'jsonl'): string {
  if (format === 'jsonl') return rows.map((row) => JSON.stringify(row) + '\n').join('');
  return [COLUMNS.join(','), ...rows.map((row) => COLUMNS.map((c) => csvCell(String(row[c]))).join(','))].join('\n') + '\n';
}
