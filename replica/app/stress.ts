/**
 * `stress=1`: a diagram canvas that churns the DOM like a busy editor, for `npm run bench`.
 * Every animation frame it replaces 2,000 nodes and then forces style and layout (reading
 * offsetHeight), timing that work with performance.now(). Observers an extension installs
 * (MutationObserver callbacks, CSS-animation detectors) show up as extra frames' time: style
 * recalculation is inside the measured span (`scriptMs`); MutationObserver callbacks run as a
 * microtask right after each frame callback and are measured separately (`observerMs`).
 */

export interface StressResult {
  /** Frames run so far. */
  frames: number;
  /** Total ms of the page's own script + forced style/layout in those frames. */
  scriptMs: number;
  /** Total ms of MutationObserver callbacks (and other microtasks queued before) after the frames' mutations. */
  observerMs: number;
  /** True while a run is in progress. */
  running: boolean;
  /** Per frame: the page's own ms (as summed in scriptMs), for medians robust to a busy machine. */
  frameScriptMs: number[];
  /** Per frame: the observers' ms (as summed in observerMs). */
  frameObserverMs: number[];
}

export interface StressApi {
  result: StressResult;
  /** Starts a run of `ms` milliseconds (default 5000), resetting `result`; resolves with the result when done. */
  start(ms?: number): Promise<StressResult>;
}

export const STRESS_NODES = 2000;

/** Installs window.__replicaStress on `canvas`; starts a 5 s run now when `autostart`. Returns a stop function. */
export function installStress(canvas: HTMLElement, autostart: boolean): () => void {
  let raf = 0;
  let stopped = false;
  const api: StressApi = {
    result: { frames: 0, scriptMs: 0, observerMs: 0, running: false, frameScriptMs: [], frameObserverMs: [] },
    start(ms = 5000) {
      cancelAnimationFrame(raf);
      const result: StressResult = { frames: 0, scriptMs: 0, observerMs: 0, running: true, frameScriptMs: [], frameObserverMs: [] };
      api.result = result;
      const end = performance.now() + ms;
      return new Promise<StressResult>((resolve) => {
        const frame = () => {
          if (stopped) return;
          const t0 = performance.now();
          const frag = document.createDocumentFragment();
          for (let i = 0; i < STRESS_NODES; i++) {
            const n = document.createElement('div');
            n.className = 'stress-node';
            n.style.left = `${(i * 37 + result.frames * 7) % 600}px`;
            n.style.top = `${(i * 13) % 300}px`;
            n.textContent = String(i % 10);
            frag.appendChild(n);
          }
          canvas.replaceChildren(frag);
          void canvas.offsetHeight;
          const t1 = performance.now();
          result.scriptMs += t1 - t0;
          result.frameScriptMs.push(t1 - t0);
          result.frames++;
          // The mutations above queued the MutationObserver notification microtask first; this
          // microtask runs right after it, so the gap is the observers' callback time.
          queueMicrotask(() => {
            const dt = performance.now() - t1;
            result.observerMs += dt;
            result.frameObserverMs.push(dt);
          });
          if (performance.now() < end) raf = requestAnimationFrame(frame);
          else {
            result.running = false;
            resolve(result);
          }
        };
        raf = requestAnimationFrame(frame);
      });
    },
  };
  (window as unknown as { __replicaStress?: StressApi }).__replicaStress = api;
  if (autostart) void api.start(5000);
  return () => {
    stopped = true;
    cancelAnimationFrame(raf);
    delete (window as unknown as { __replicaStress?: StressApi }).__replicaStress;
  };
}
