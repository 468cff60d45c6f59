// @madoguchi/client — the browser (and Node >= 22) client of the madoguchi daemon, protocol v1.
// An ES module with no dependencies and no build step. See README.md and docs/client.md.

export const PROTOCOL = 1;

/** A refused command: `code` is the daemon's error code, `text` its sentence in Japanese and English. */
export class MadoguchiError extends Error {
  constructor(code, text) {
    const t = text && typeof text === 'object' ? text : { ja: String(text ?? code), en: String(text ?? code) };
    super(`${code}: ${t.en}`);
    this.name = 'MadoguchiError';
    this.code = code;
    this.text = { ja: t.ja, en: t.en };
  }
}

const DISCONNECTED = { ja: '接続が切れました', en: 'Disconnected from the daemon' };
const TIMED_OUT = { ja: '応答がありませんでした', en: 'The daemon did not answer in time' };

function defaultUrl() {
  if (typeof location !== 'undefined' && location.host) return `ws://${location.host}/v1/ws`;
  return 'ws://127.0.0.1:43117/v1/ws';
}

/**
 * One connection to the daemon, kept open: reconnects with capped, jittered backoff and rebuilds its
 * state from what the daemon replays (welcome + one session per live session).
 */
export class MadoguchiClient extends EventTarget {
  #url; #token; #name; #WS; #minDelay; #maxDelay; #timeout;
  #ws = null; #closed = true; #attempt = 0; #timer = null; #ids = 0;
  #pending = new Map();
  #readers = new Map();
  #sessions = new Map();
  #replayed = null;
  #syncId = null;
  #welcome = null;
  #service = null;
  #state = 'closed';
  #ready = null;

  /**
   * @param {object} [options]
   * @param {string} [options.url] ws://HOST:PORT/v1/ws (default: this page's host)
   * @param {string|null} [options.token] the kiosk or staff token (never put it in a URL)
   * @param {string} [options.client] a name for the daemon's log
   */
  constructor(options = {}) {
    super();
    this.#url = options.url ?? defaultUrl();
    this.#token = options.token ?? null;
    this.#name = options.client ?? 'madoguchi-client';
    this.#WS = options.WebSocket ?? globalThis.WebSocket;
    this.#minDelay = options.minDelay ?? 250;
    this.#maxDelay = options.maxDelay ?? 10000;
    this.#timeout = options.commandTimeout ?? 30000;
  }

  /** 'connecting' | 'open' (welcome and replay received) | 'closed'. */
  get state() { return this.#state; }
  /** The role the daemon gave this connection: 'kiosk' | 'staff' | 'observer'; null before welcome. */
  get role() { return this.#welcome?.role ?? null; }
  get welcome() { return this.#welcome; }
  /** The last `service` event, or null before one came. */
  get service() { return this.#service; }
  /** Attached readers by name. */
  get readers() { return new Map(this.#readers); }
  /** Live sessions by id. */
  get sessions() { return new Map(this.#sessions); }
  /** The live session on a reader, if any. */
  sessionOn(reader) {
    for (const s of this.#sessions.values()) if (s.reader === reader) return s;
    return null;
  }

  /** Connects (and keeps reconnecting until close()); resolves with the first welcome. */
  connect() {
    if (!this.#closed) return this.#ready.promise;
    this.#closed = false;
    this.#ready = deferred();
    this.#open();
    return this.#ready.promise;
  }

  /** Closes for good: no reconnect; pending commands reject with code 'disconnected'. */
  close() {
    this.#closed = true;
    clearTimeout(this.#timer);
    if (this.#ws) { try { this.#ws.close(1000); } catch { /* already closed */ } }
    this.#dropped();
  }

  #open() {
    this.#setState('connecting');
    let ws;
    try {
      ws = new this.#WS(this.#url);
    } catch (e) {
      this.#scheduleReconnect();
      return;
    }
    this.#ws = ws;
    ws.onopen = () => {
      const hello = { type: 'hello', client: this.#name, protocol: PROTOCOL };
      if (this.#token) hello.token = this.#token;
      ws.send(JSON.stringify(hello));
      // The daemon answers in order: this ping's reply comes after the replayed sessions.
      this.#syncId = `sync-${++this.#ids}`;
      ws.send(JSON.stringify({ type: 'ping', id: this.#syncId }));
    };
    ws.onmessage = (e) => {
      let m;
      try { m = JSON.parse(e.data); } catch { return; }
      if (m && typeof m.type === 'string') this.#onMessage(m);
    };
    ws.onclose = (e) => {
      if (this.#ws !== ws) return;
      this.#ws = null;
      this.#dropped(e.code);
      if (!this.#closed) this.#scheduleReconnect();
    };
    ws.onerror = () => { /* onclose follows */ };
  }

  #dropped(code) {
    for (const p of this.#pending.values()) {
      clearTimeout(p.timer);
      p.reject(new MadoguchiError('disconnected', DISCONNECTED));
    }
    this.#pending.clear();
    this.#replayed = null;
    this.#setState('closed', { code });
  }

  #scheduleReconnect() {
    const cap = Math.min(this.#maxDelay, this.#minDelay * 2 ** Math.min(this.#attempt, 16));
    const delay = Math.round(cap / 2 + Math.random() * cap / 2); // jittered: [cap/2, cap]
    this.#attempt++;
    this.#emit('connection', { state: 'waiting', attempt: this.#attempt, delay });
    this.#timer = setTimeout(() => { if (!this.#closed) this.#open(); }, delay);
  }

  #setState(state, extra = {}) {
    if (this.#state === state && state !== 'closed') return;
    this.#state = state;
    this.#emit('connection', { state, ...extra });
  }

  #onMessage(m) {
    switch (m.type) {
      case 'welcome': {
        this.#welcome = m;
        this.#replayed = new Set();
        const before = this.#readers;
        this.#readers = new Map(m.readers.map((r) => [r.reader, r]));
        for (const [name] of before) {
          if (!this.#readers.has(name)) this.#emit('reader', { type: 'reader', reader: name, attached: false, card: null });
        }
        this.#emit('welcome', m);
        for (const r of this.#readers.values()) this.#emit('reader', r);
        if (m.service) { // the state at connect time, as a `service` event would give it
          this.#service = { type: 'service', ...m.service };
          this.#emit('service', this.#service);
        }
        break;
      }
      case 'reader':
        if (m.attached) this.#readers.set(m.reader, m); else this.#readers.delete(m.reader);
        this.#emit('reader', m);
        break;
      case 'session':
        this.#replayed?.add(m.session);
        this.#sessions.set(m.session, m);
        this.#emit('session', m);
        break;
      case 'result':
        this.#replayed?.delete(m.session);
        this.#sessions.delete(m.session);
        this.#emit('result', m);
        break;
      case 'service':
        this.#service = m;
        this.#emit('service', m);
        break;
      case 'reply':
        if (m.id === this.#syncId) { this.#synced(); break; }
        this.#settle(m.id, (p) => p.resolve(m));
        break;
      case 'error':
        if (m.id && this.#pending.has(m.id)) {
          this.#settle(m.id, (p) => p.reject(new MadoguchiError(m.code, m.message)));
        } else {
          this.#emit('protocolerror', m);
        }
        break;
      default:
        break; // unknown types are ignored (later daemons may send more)
    }
  }

  /** The replay is complete: sessions known before but not replayed have ended while we were away. */
  #synced() {
    const replayed = this.#replayed ?? new Set();
    for (const [id, s] of [...this.#sessions]) {
      if (!replayed.has(id)) {
        this.#sessions.delete(id);
        this.#emit('sessiongone', { session: id, reader: s.reader });
      }
    }
    this.#replayed = null;
    this.#attempt = 0;
    this.#setState('open');
    this.#ready?.resolve(this.#welcome);
  }

  #settle(id, fn) {
    const p = this.#pending.get(id);
    if (!p) return;
    this.#pending.delete(id);
    clearTimeout(p.timer);
    fn(p);
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  /** Listens to one event type; returns a function that stops listening. */
  on(type, listener) {
    const f = (e) => listener(e.detail);
    this.addEventListener(type, f);
    return () => this.removeEventListener(type, f);
  }

  /** Sends one command; resolves with its `reply`, rejects with a MadoguchiError. */
  command(type, fields = {}) {
    const ws = this.#ws;
    if (!ws || ws.readyState !== 1 || this.#state !== 'open') {
      return Promise.reject(new MadoguchiError('disconnected', DISCONNECTED));
    }
    const id = `c${++this.#ids}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.#settle(id, (p) => p.reject(new MadoguchiError('timeout', TIMED_OUT))),
        this.#timeout);
      this.#pending.set(id, { resolve, reject, timer });
      ws.send(JSON.stringify({ ...fields, type, id }));
    });
  }

  ping() { return this.command('ping'); }
  chooseMode(session, mode) { return this.command('chooseMode', { session, mode }); }
  confirmLastTry(session) { return this.command('confirmLastTry', { session }); }
  retryFace(session) { return this.command('retryFace', { session }); }
  requestVisual(session) { return this.command('requestVisual', { session }); }
  confirmVisual(session, staff, note) { return this.command('confirmVisual', omitEmpty({ session, staff, note })); }
  cancel(session) { return this.command('cancel', { session }); }
  submitConsent(session, answers) { return this.command('submitConsent', { session, answers }); }
  recordDocument({ reader, document, staff, note }) {
    return this.command('recordDocument', omitEmpty({ reader, document, staff, note }));
  }
  /** Today's finished sessions (staff): resolves with `{entries, audit}`. */
  history() { return this.command('history'); }

  /**
   * A live capture: one frame (a string) or a burst (an array of 1–8 frames, e.g. 5 over 1.5 s,
   * which the liveness check needs), each base64 JPEG or PNG without a data: prefix. The whole
   * message must stay under 1 MiB.
   */
  faceCapture(session, frames) {
    return this.command('faceCapture', Array.isArray(frames) ? { session, frames } : { session, image: frames });
  }

  /**
   * A photograph of the card front (the side with the photo): base64 JPEG or PNG without a data:
   * prefix, under 1 MiB, at most one a second, while `session.cardCode.camera` is true. The daemon
   * reads 照合番号B off it and never sends the digits back: the session shows a masked reading
   * (`cardCode.read`) or a refusal (notice `card_front_unreadable`, `cardCode.refusal`).
   */
  cardFrontCapture(session, image) {
    return this.command('cardFrontCapture', { session, image });
  }

  /**
   * Sends 照合番号B (14 digits: 和暦 birth date YYMMDD, expiry year, security code), typed by staff.
   * `digits` is an array of digits; the caller should overwrite it afterwards (see submitPin).
   */
  submitCardCode(session, digits) {
    const code = Array.from(digits, (d) => String(d)).join('');
    return this.command('submitCardCode', { session, code });
  }

  /**
   * Sends the PIN. `digits` is an array of four digits (numbers or one-character strings); the
   * caller should overwrite it afterwards. The JSON text built here cannot be wiped: JavaScript
   * strings are immutable and freed by the garbage collector whenever it likes (see docs/client.md).
   */
  submitPin(session, digits, challenge) {
    const pin = Array.from(digits, (d) => String(d)).join('');
    const fields = { session, pin };
    if (challenge) fields.challenge = challenge;
    return this.command('submitPin', fields);
  }

  /** Simulator commands (daemon started with --simulate). */
  get sim() {
    return {
      insert: (reader, profile = 'default', photo) => this.command('sim.insert', omitEmpty({ reader, profile, photo })),
      remove: (reader) => this.command('sim.remove', { reader }),
      face: (reader, outcome) => this.command('sim.face', { reader, outcome }),
      fault: (reader, fault) => this.command('sim.fault', { reader, fault }),
    };
  }
}

function omitEmpty(o) {
  const r = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null && v !== '') r[k] = v;
  return r;
}

function deferred() {
  let resolve, reject;
  const promise = new Promise((a, b) => { resolve = a; reject = b; });
  return { promise, resolve, reject };
}
