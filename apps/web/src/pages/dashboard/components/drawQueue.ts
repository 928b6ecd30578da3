// One queue of deferred drawing work for the dashboard: each job runs in its own macrotask, in the
// order queued, so the browser paints between them. Charts queue their drawing in page order, and
// the page queues the mounting of its lower cards behind the first charts: what is on screen first
// is drawn first instead of the whole page blocking in one long task.
/** Waiting draws, first come first served; one runs per macrotask so the browser paints between. */
const drawQueue: (() => void)[] = [];
let draining = false;

function drainOne() {
  const next = drawQueue.shift();
  next?.();
  if (drawQueue.length > 0) setTimeout(drainOne, 0);
  else draining = false;
}

/** Queues `draw`; returns a function that takes it out of the queue again (unmount). */
export function drawInTurn(draw: () => void): () => void {
  drawQueue.push(draw);
  if (!draining) {
    draining = true;
    setTimeout(drainOne, 0);
  }
  return () => {
    const i = drawQueue.indexOf(draw);
    if (i >= 0) drawQueue.splice(i, 1);
  };
}
