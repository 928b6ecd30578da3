/**
 * Video progress checking (online learning). The player reports, in heartbeats, the position it
 * has reached. A report is credited only as far as real time allows: the watched time may grow by
 * at most the wall-clock seconds since the previous accepted heartbeat (plus a small tolerance for
 * network jitter), and never past the video's duration. A jump larger than that (seeking ahead, a
 * forged request) is ignored: nothing is credited and the reason is returned.
 */

export interface VideoProgressState {
  /** Seconds credited so far (monotonic). */
  watchedSeconds: number;
  /** Furthest position credited, in seconds. */
  position: number;
  /** Time of the last accepted heartbeat (ms since epoch), null before the first one. */
  lastHeartbeatAt: number | null;
}

export interface Heartbeat {
  /** Position the player reports, in seconds. */
  position: number;
  /** Server receive time, ms since epoch (never the client's clock). */
  at: number;
}

export type HeartbeatOutcome =
  | { accepted: true; state: VideoProgressState; credited: number; complete: boolean }
  | {
      accepted: false;
      state: VideoProgressState;
      reason: 'jump' | 'backwards' | 'beyond_duration' | 'invalid';
    };

/** Seconds of slack allowed on top of the elapsed wall-clock time (request latency, timers). */
export const HEARTBEAT_TOLERANCE_SECONDS = 2;
/** A video counts as watched when this share of it has been credited. */
export const VIDEO_COMPLETE_SHARE = 0.95;

export function applyHeartbeat(
  state: VideoProgressState,
  beat: Heartbeat,
  durationSeconds: number,
): HeartbeatOutcome {
  if (
    !Number.isFinite(beat.position) ||
    beat.position < 0 ||
    !Number.isFinite(durationSeconds) ||
    durationSeconds <= 0
  ) {
    return { accepted: false, state, reason: 'invalid' };
  }
  if (beat.position > durationSeconds + HEARTBEAT_TOLERANCE_SECONDS) {
    return { accepted: false, state, reason: 'beyond_duration' };
  }
  const position = Math.min(beat.position, durationSeconds);
  // The first heartbeat starts the clock; it may only be at the very beginning (or where the
  // worker already got to), otherwise it would credit a jump.
  if (state.lastHeartbeatAt === null) {
    if (position > state.position + HEARTBEAT_TOLERANCE_SECONDS) {
      return { accepted: false, state, reason: 'jump' };
    }
    return {
      accepted: true,
      credited: 0,
      complete: isVideoComplete(state.watchedSeconds, durationSeconds),
      state: { ...state, lastHeartbeatAt: beat.at },
    };
  }
  const elapsed = Math.max(0, (beat.at - state.lastHeartbeatAt) / 1000);
  const advance = position - state.position;
  if (advance > elapsed + HEARTBEAT_TOLERANCE_SECONDS) {
    return { accepted: false, state, reason: 'jump' };
  }
  if (advance < 0) {
    // Rewinding to watch again is fine but credits nothing; the clock restarts from here.
    return {
      accepted: true,
      credited: 0,
      complete: isVideoComplete(state.watchedSeconds, durationSeconds),
      state: { ...state, lastHeartbeatAt: beat.at },
    };
  }
  const watchedSeconds = Math.min(durationSeconds, state.watchedSeconds + advance);
  const credited = watchedSeconds - state.watchedSeconds;
  return {
    accepted: true,
    credited,
    complete: isVideoComplete(watchedSeconds, durationSeconds),
    state: { watchedSeconds, position, lastHeartbeatAt: beat.at },
  };
}

export function isVideoComplete(watchedSeconds: number, durationSeconds: number): boolean {
  return durationSeconds > 0 && watchedSeconds >= durationSeconds * VIDEO_COMPLETE_SHARE;
}
