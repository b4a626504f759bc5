// The Excalidraw page that scripts/peer/peer.mjs drives: Excalidraw 0.18.1 full screen, with
// hooks on `window.peer` to load a scene, set the view and record frame intervals. No JSX, so
// Vite bundles it without a React plugin.
import React from "react";
import { createRoot } from "react-dom/client";
import { Excalidraw, convertToExcalidrawElements } from "@excalidraw/excalidraw";
import "@excalidraw/excalidraw/index.css";

// Fonts come from this server (copied next to the bundle), not from a CDN.
window.EXCALIDRAW_ASSET_PATH = "/";

let api = null;
const ready = new Promise((resolve) => {
  const App = () =>
    React.createElement(Excalidraw, {
      excalidrawAPI: (a) => {
        api = a;
        resolve();
      },
    });
  createRoot(document.getElementById("root")).render(React.createElement(App));
});

// Frame timestamps taken by requestAnimationFrame while recording, and how far (screen
// pixels, summed frame to frame as `--measure` does) the view moved: proof that it panned.
const rec = { on: false, frames: [], last: null, moved: 0 };
const tick = (t) => {
  if (rec.on) {
    rec.frames.push(t);
    const s = api.getAppState();
    const z = s.zoom.value;
    const at = [s.scrollX * z, s.scrollY * z];
    if (rec.last !== null) rec.moved += Math.hypot(at[0] - rec.last[0], at[1] - rec.last[1]);
    rec.last = at;
  }
  requestAnimationFrame(tick);
};
requestAnimationFrame(tick);

const nextFrames = (n) =>
  new Promise((resolve) => {
    const step = () => (n-- <= 0 ? resolve() : requestAnimationFrame(step));
    requestAnimationFrame(step);
  });

window.peer = {
  ready: () => ready.then(() => true),
  // Loads an element skeleton (rectangles with labels) as the scene; returns the element count.
  async load(url) {
    await ready;
    const skeleton = await (await fetch(url)).json();
    const elements = convertToExcalidrawElements(skeleton, { regenerateIds: false });
    api.updateScene({ elements, appState: { selectedElementIds: {} } });
    api.history.clear();
    await nextFrames(3);
    return elements.length;
  },
  // Zoom 100 % with the scene point (x, y) in the middle of the window, or zoom to fit.
  async view(mode, x, y) {
    if (mode === "fit") {
      api.scrollToContent(undefined, { fitToContent: true, animate: false });
    } else {
      api.updateScene({
        appState: {
          zoom: { value: 1 },
          scrollX: window.innerWidth / 2 - x,
          scrollY: window.innerHeight / 2 - y,
        },
      });
    }
    await nextFrames(10);
    return api.getAppState().zoom.value;
  },
  record(on) {
    // Marks in Chromium's trace, to find the compositor's frames of the same span.
    console.timeStamp(on ? "peer-record-start" : "peer-record-end");
    if (on) {
      rec.frames = [];
      rec.last = null;
      rec.moved = 0;
    }
    rec.on = on;
    return { frames: rec.frames, moved: rec.moved };
  },
};
