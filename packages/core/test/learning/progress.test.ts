import { describe, expect, it } from 'vitest';
import { applyHeartbeat, isVideoComplete, type VideoProgressState } from '../../src/index';

const start: VideoProgressState = { watchedSeconds: 0, position: 0, lastHeartbeatAt: null };
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

describe('video heartbeats', () => {
  it('credits watching in step with the wall clock', () => {
    const a = applyHeartbeat(start, { position: 0, at: T0 }, 100);
    expect(a.accepted).toBe(true);
    const b = applyHeartbeat(a.state, { position: 15, at: T0 + 15_000 }, 100);
    expect(b).toMatchObject({ accepted: true, credited: 15, complete: false });
    expect(b.state).toEqual({ watchedSeconds: 15, position: 15, lastHeartbeatAt: T0 + 15_000 });
  });

  it('ignores a jump larger than the time elapsed since the last heartbeat', () => {
    const a = applyHeartbeat(start, { position: 0, at: T0 }, 600);
    // 10 s later the player claims 5 minutes in: seeking ahead, credited nothing.
    const b = applyHeartbeat(a.state, { position: 300, at: T0 + 10_000 }, 600);
    expect(b).toMatchObject({ accepted: false, reason: 'jump' });
    expect(b.state).toBe(a.state);
    // Within the 2-second tolerance is accepted.
    const c = applyHeartbeat(a.state, { position: 12, at: T0 + 10_000 }, 600);
    expect(c).toMatchObject({ accepted: true, credited: 12 });
  });

  it('refuses a first heartbeat that starts in the middle, and positions past the end', () => {
    expect(applyHeartbeat(start, { position: 50, at: T0 }, 100)).toMatchObject({
      accepted: false,
      reason: 'jump',
    });
    const a = applyHeartbeat(start, { position: 0, at: T0 }, 100);
    expect(applyHeartbeat(a.state, { position: 500, at: T0 + 600_000 }, 100)).toMatchObject({
      accepted: false,
      reason: 'beyond_duration',
    });
    expect(applyHeartbeat(a.state, { position: Number.NaN, at: T0 }, 100)).toMatchObject({
      accepted: false,
      reason: 'invalid',
    });
  });

  it('credits nothing for rewinding and never more than the duration', () => {
    let s = applyHeartbeat(start, { position: 0, at: T0 }, 20).state;
    s = applyHeartbeat(s, { position: 10, at: T0 + 10_000 }, 20).state;
    const back = applyHeartbeat(s, { position: 2, at: T0 + 15_000 }, 20);
    expect(back).toMatchObject({ accepted: true, credited: 0 });
    expect(back.state.watchedSeconds).toBe(10);
    expect(back.state.position).toBe(10);
    const end = applyHeartbeat(s, { position: 20, at: T0 + 20_000 }, 20);
    expect(end).toMatchObject({ accepted: true, credited: 10, complete: true });
    expect(end.state.watchedSeconds).toBe(20);
  });

  it('counts a video watched at 95 %', () => {
    expect(isVideoComplete(95, 100)).toBe(true);
    expect(isVideoComplete(94.9, 100)).toBe(false);
    expect(isVideoComplete(10, 0)).toBe(false);
  });
});
