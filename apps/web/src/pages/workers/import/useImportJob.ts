// One import run: upload the file (progress from XMLHttpRequest), then poll the background job
// about every 700 ms until it has a result. Leaving the page stops the polling.
import type { JobView, WorkerImportResult } from '@cwp/contracts';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client';
import { useRequestError } from '../../../api/useRequestError';
import { workersApi } from '../api';

export const POLL_MS = 700;

export type ImportMode = 'validate' | 'commit';
export type OnExisting = 'error' | 'update';

export type JobState =
  | { phase: 'idle' }
  | { phase: 'uploading'; percent: number }
  | { phase: 'running'; jobId: number; progress: number; queued: boolean }
  | { phase: 'done'; jobId: number; result: WorkerImportResult }
  | { phase: 'failed'; message: string };

export function useImportJob() {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [state, setState] = useState<JobState>({ phase: 'idle' });
  // Bumped by every start and reset, so a stale poll loop stops on its own.
  const run = useRef(0);

  useEffect(
    () => () => {
      run.current += 1;
    },
    [],
  );

  const start = useCallback(
    async (file: File, mode: ImportMode, onExisting: OnExisting) => {
      const mine = ++run.current;
      const live = () => run.current === mine;
      setState({ phase: 'uploading', percent: 0 });
      let jobId: number;
      try {
        const created = await workersApi.startImport(file, mode, onExisting, (percent) => {
          if (live()) setState({ phase: 'uploading', percent });
        });
        jobId = created.jobId;
      } catch (err) {
        if (!live()) return;
        if (
          err instanceof ApiError &&
          err.status !== 401 &&
          err.code !== 'PASSWORD_CHANGE_REQUIRED'
        ) {
          // The file was refused before any job started (not an xlsx, too large, wrong headers).
          const detail = err.details.map((d) => d.message).join('；');
          setState({ phase: 'failed', message: detail || err.message });
        } else {
          setState({ phase: 'idle' });
          onError(err);
        }
        return;
      }
      setState({ phase: 'running', jobId, progress: 0, queued: true });
      for (;;) {
        await new Promise((r) => setTimeout(r, POLL_MS));
        if (!live()) return;
        let job: JobView;
        try {
          job = await workersApi.job(jobId);
        } catch (err) {
          if (!live()) return;
          if (err instanceof ApiError && err.status === 0) continue; // a network blip: poll again
          setState({
            phase: 'failed',
            message: err instanceof ApiError ? err.message : t('errors.unknown'),
          });
          onError(err);
          return;
        }
        if (!live()) return;
        if (job.status === 'succeeded' && job.result) {
          setState({ phase: 'done', jobId, result: job.result });
          return;
        }
        if (job.status === 'failed' || job.status === 'succeeded') {
          setState({ phase: 'failed', message: job.error ?? t('workerImport.jobFailed') });
          return;
        }
        setState({
          phase: 'running',
          jobId,
          progress: job.progress,
          queued: job.status === 'queued',
        });
      }
    },
    [onError, t],
  );

  const reset = useCallback(() => {
    run.current += 1;
    setState({ phase: 'idle' });
  }, []);

  return { state, start, reset };
}
