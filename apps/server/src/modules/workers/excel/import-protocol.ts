// Messages between the job runner and the import's worker thread.
import type { WorkerImportResult } from '@cwp/contracts';
import type { AuditContext } from '../../../lib/audit';
import type { ImportActor } from './import-checks';

export interface ThreadInput {
  dbUrl: string;
  keys: { current: Uint8Array; old: Uint8Array[]; index: Uint8Array };
  file: Uint8Array;
  request: {
    jobId: number;
    mode: 'validate' | 'commit';
    onExisting: 'error' | 'update';
    fileName: string;
    sha256: string;
    actor: ImportActor;
    audit: AuditContext;
  };
}

export type ThreadMessage =
  | { type: 'progress'; percent: number }
  | { type: 'done'; result: WorkerImportResult; report: Uint8Array | null }
  /** The file cannot be imported; the message is for the user. */
  | { type: 'refused'; message: string }
  /** A unique key taken by a concurrent registration: the transaction was rolled back. */
  | { type: 'conflict' }
  | { type: 'error'; message: string };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

export function isThreadInput(v: unknown): v is ThreadInput {
  return (
    isObject(v) &&
    typeof v.dbUrl === 'string' &&
    isObject(v.keys) &&
    v.file instanceof Uint8Array &&
    isObject(v.request) &&
    typeof v.request.jobId === 'number'
  );
}

export function isThreadMessage(v: unknown): v is ThreadMessage {
  return (
    isObject(v) &&
    (v.type === 'progress' ||
      v.type === 'done' ||
      v.type === 'refused' ||
      v.type === 'conflict' ||
      v.type === 'error')
  );
}
