// Test harness for src/polyblog/serve/livereload.js (tests/test_serve_livereload_js.py):
// a fake browser with just enough DOM, WebSocket and timers. Replays the steps given in
// LIVERELOAD_HARNESS_ARGS and prints a JSON list of snapshots.
const fs = require("fs");
const vm = require("vm");
const [scriptPath, pathname, storedJson, stepsJson] = JSON.parse(process.env.LIVERELOAD_HARNESS_ARGS);

class El {
  constructor(tag) {
    this.tagName = tag; this.attrs = {}; this.children = []; this.parentNode = null;
    this.textContent = ""; this.listeners = {}; this.styles = {}; this.shadow = null;
    const self = this;
    this.style = { setProperty(k, v) { self.styles[k] = v; } };
  }
  get href() { return new URL(this.attrs.href, location.href).href; }
  set href(v) { this.attrs.href = v; }
  get nextSibling() {
    const siblings = this.parentNode ? this.parentNode.children : [];
    return siblings[siblings.indexOf(this) + 1] || null;
  }
  getAttribute(k) { return k in this.attrs ? this.attrs[k] : null; }
  setAttribute(k, v) { this.attrs[k] = String(v); }
  hasAttribute(k) { return k in this.attrs; }
  removeAttribute(k) { delete this.attrs[k]; }
  addEventListener(k, f) { (this.listeners[k] = this.listeners[k] || []).push(f); }
  appendChild(c) { c.parentNode = this; this.children.push(c); return c; }
  removeChild(c) { this.children = this.children.filter((x) => x !== c); c.parentNode = null; }
  insertBefore(c, ref) {
    c.parentNode = this;
    const i = ref ? this.children.indexOf(ref) : -1;
    if (i < 0) this.children.push(c); else this.children.splice(i, 0, c);
  }
  cloneNode() { const c = new El(this.tagName); c.attrs = { ...this.attrs }; return c; }
  attachShadow() { this.shadow = new El("#shadow"); return this.shadow; }
  fire(k) { (this.listeners[k] || []).forEach((f) => f()); }
  text() { return this.textContent + this.children.map((c) => c.text()).join("")
                 + (this.shadow ? this.shadow.text() : ""); }
}

const head = new El("head");
const html = new El("html");
html.appendChild(head);
function link(rel, href) { const l = new El("link"); l.attrs = { rel, href }; head.appendChild(l); }
link("stylesheet", "/css/style.css");
link("Preload Stylesheet", "/css/syntax.css?v=1");
link("icon", "/favicon.svg");
link("stylesheet", "https://cdn.example.com/x.css");

const log = { reloads: 0, sockets: [], timers: [], delays: [], scrolls: [] };
const store = new Map(storedJson ? [["polyblog:livereload:scroll", storedJson]] : []);
const location = {
  protocol: "http:", host: "127.0.0.1:1313", origin: "http://127.0.0.1:1313", pathname,
  get href() { return this.origin + this.pathname; },
  reload() { log.reloads += 1; },
};
class FakeSocket {
  constructor(url) { this.url = url; log.sockets.push(this); }
}
const sandbox = {
  location, URL, JSON, String, Array, Math, Date,
  sessionStorage: {
    getItem: (k) => (store.has(k) ? store.get(k) : null),
    setItem: (k, v) => store.set(k, String(v)),
    removeItem: (k) => store.delete(k),
  },
  document: {
    readyState: "complete", documentElement: html,
    createElement: (t) => new El(t),
    querySelectorAll: (sel) => head.children.filter((c) => c.tagName === "link" && "href" in c.attrs),
  },
  WebSocket: FakeSocket,
  setTimeout: (f, ms) => { log.timers.push([f, ms]); log.delays.push(ms); },
  scrollX: 0, scrollY: 640,
  scrollTo: (x, y) => log.scrolls.push([x, y]),
  addEventListener: () => {},
};
sandbox.window = sandbox;
vm.createContext(sandbox);
vm.runInContext(fs.readFileSync(scriptPath, "utf8"), sandbox);
vm.runInContext(fs.readFileSync(scriptPath, "utf8"), sandbox);  // a second copy does nothing

const out = [];
function socket() { return log.sockets[log.sockets.length - 1]; }
function overlay() { return html.children.find((c) => c.tagName === "polyblog-error-overlay"); }
function snapshot() {
  const o = overlay();
  return {
    reloads: log.reloads, sockets: log.sockets.length, url: socket() && socket().url,
    delays: log.delays, scrolls: log.scrolls,
    stored: store.has("polyblog:livereload:scroll") ? JSON.parse(store.get("polyblog:livereload:scroll")) : null,
    links: head.children.map((c) => [c.attrs.href, "data-livereload-stale" in c.attrs]),
    overlay: o ? { text: o.text(), role: o.attrs.role, position: o.styles.position,
                   z: o.styles["z-index"], font: o.shadow.children[0].styles.font } : null,
  };
}
for (const step of JSON.parse(stepsJson)) {
  if (step === "open") socket().onopen();
  else if (step === "close") socket().onclose();
  else if (step === "timer") { const [f] = log.timers.shift(); f(); }
  else if (step === "load-css") head.children.filter((c) => c.attrs.href.includes("livereload=")).forEach((c) => c.fire("load"));
  else if (step === "snapshot") out.push(snapshot());
  else socket().onmessage({ data: typeof step === "string" ? step : JSON.stringify(step) });
}
process.stdout.write(JSON.stringify(out));
