// Type declarations for @madoguchi/client: every message of the madoguchi WebSocket protocol v1.
// The JSON Schemas of the same messages are in the daemon's docs/schema; its tests check that these
// declarations name every message type, code and field those schemas do.

export declare const PROTOCOL: 1;

/** A sentence for people, Japanese and English. */
export interface Text { ja: string; en: string; }

export type Role = 'kiosk' | 'staff' | 'observer';
export type Mode = 'face' | 'pin';
export type CardKind = 'my_number_card' | 'juki_card' | 'iphone_token' | 'android_token' | 'unknown_jpki'
  | 'not_jpki' | 'unreadable';
export type SessionState = 'working' | 'choose_mode' | 'card_code_entry' | 'card_return' | 'face_in_progress'
  | 'pin_entry' | 'visual_pending' | 'consent';
export type Step = 'reading_card' | 'reading_card_front' | 'reading_photo' | 'matching_face' | 'verifying_pin'
  | 'reading_pin_status';
export type Notice = 'pin_last_try' | 'pin_blocked' | 'pin_unusable' | 'face_mismatch' | 'face_not_live'
  | 'face_unavailable' | 'card_front_unreadable' | 'card_error';
/** Why the card-front OCR did not read a photograph of the card front (`session.cardCode.refusal`). */
export type CardFrontRefusal = 'not_an_image' | 'image_too_large' | 'image_too_small' | 'card_not_found'
  | 'unreadable' | 'invalid_date' | 'inconsistent';
export type Outcome = 'verified' | 'failed' | 'aborted';
export type Method = 'face' | 'pin' | 'visual' | 'document';
export type Reason = 'card_removed' | 'reader_removed' | 'service_unavailable' | 'not_my_number_card'
  | 'unsupported_token' | 'cancelled' | 'timeout' | 'card_error';
export type ErrorCode = 'bad_request' | 'unknown_type' | 'forbidden' | 'bad_state' | 'unknown_session'
  | 'invalid_pin_format' | 'invalid_card_code' | 'too_large' | 'rate_limited' | 'unsupported_protocol' | 'internal'
  /** client-side: the connection dropped before the answer came */
  | 'disconnected'
  /** client-side: no answer within commandTimeout */
  | 'timeout';
export type ConsentItem = 'medication' | 'treatment' | 'health_checkup' | 'cost_limit';
export type DocumentKind = 'shikaku_kakuninsho' | 'shikaku_joho_oshirase' | 'mynaportal';
export type FaceOutcome = 'match' | 'mismatch' | 'no_face' | 'not_live';
export type CardFault = 'drop-verify-before' | 'drop-verify-after' | 'get-response' | 'wrong-le'
  | 'fail-after-power-up';
export type Chain = 'valid' | 'expired' | 'not_yet_valid' | 'untrusted' | 'unchecked' | 'malformed';
export type Renewal = 'none' | 'due' | 'grace' | 'lapsed';
/** The face engine's liveness verdict on a verified capture. */
export type Liveness = 'live' | 'not_checked';

export interface PinInfo {
  /** null: the card cannot say */
  retriesLeft: number | null;
  max: number;
  blocked: boolean;
  usable: boolean;
  /** only in sessions at one try left */
  lastTryConfirmed?: boolean;
}

export interface CardInfo { kind: CardKind; atr: string; pin?: PinInfo; }

// ---- daemon → client ---------------------------------------------------------------------------

export interface ReaderMessage { type: 'reader'; reader: string; attached: boolean; card: CardInfo | null; }

export interface WelcomeMessage {
  type: 'welcome'; protocol: 1; role: Role; version: string; readers: ReaderMessage[];
  /** The PC/SC service and the audit file at connect time (later changes come as `service`). */
  service: { pcsc: 'ok' | 'unavailable'; audit: 'ok' | 'failing' | 'off' };
}

export interface SessionMessage {
  type: 'session';
  session: string;
  reader: string;
  state: SessionState;
  allowedModes: Mode[];
  mode?: Mode;
  pin?: PinInfo;
  face?: { attempts: number; maxAttempts: number };
  /**
   * states card_code_entry and card_return (and working, while a photograph of the card front is read, the
   * code read off it is used, or a card put back is read): the card's tries left for 照合番号B (null: not known); `camera`: send `cardFrontCapture`
   * now, else staff type the code; `read`: the OCR's reading, masked, for staff; `refusal`: why the last
   * photograph was not read.
   */
  cardCode?: { retriesLeft: number | null; camera: boolean; read?: Text; refusal?: CardFrontRefusal };
  notice?: Notice;
  message?: Text;
  step?: Step;
  /** state consent: the items asked, in order */
  consent?: { items: ConsentItem[] };
  /**
   * The card was lifted off the reader to hold its front up to the camera; the session waits for it until
   * this time (ISO-8601). The same card put back goes on; another card, or none in time, ends the session
   * (`aborted`, `card_removed`). In state `card_return` the kiosk asks for the card back.
   */
  cardAwayUntil?: string;
  startedAt: string;
}

export interface CertificateInfo {
  der: string; serialNumber: string; issuer: string; subject: string; notBefore: string; notAfter: string;
  chain: Chain;
  renewal: Renewal;
}

export interface ResultMessage {
  type: 'result';
  session: string;
  reader: string;
  outcome: Outcome;
  method?: Method;
  reason?: Reason;
  message?: Text;
  /** aborted while a VERIFY was on its way: nobody knows whether the card counted the PIN try */
  notice?: 'card_error';
  certificate?: CertificateInfo;
  challenge?: string;
  signature?: string;
  /** face mode: the engine's distance (3 decimals), the threshold it was held against, the liveness verdict */
  face?: { distance: number; threshold: number; liveness: Liveness };
  staff?: string;
  note?: string;
  document?: DocumentKind;
  consent?: Partial<Record<ConsentItem, boolean>>;
  startedAt: string;
  finishedAt: string;
}

export interface ServiceMessage { type: 'service'; pcsc: 'ok' | 'unavailable'; audit: 'ok' | 'failing' | 'off'; }

export interface ReplyMessage { type: 'reply'; id: string; }

export interface HistoryEntry {
  time: string; reader: string; session: string; outcome: Outcome; method?: Method; reason?: Reason;
  document?: DocumentKind; staff?: string; consent?: Partial<Record<ConsentItem, boolean>>;
}

export interface HistoryReply extends ReplyMessage { audit: 'on' | 'off'; entries: HistoryEntry[]; }

export interface ErrorMessage {
  type: 'error'; id?: string; code: ErrorCode; message: Text;
  /** unsupported_protocol only: the protocol levels the daemon speaks */
  protocols?: number[];
}

export type ServerMessage = WelcomeMessage | ReaderMessage | SessionMessage | ResultMessage | ServiceMessage
  | ReplyMessage | HistoryReply | ErrorMessage;

// ---- client → daemon ---------------------------------------------------------------------------

export type ClientMessage =
  | { type: 'hello'; client: string; token?: string; protocol?: 1 }
  | { type: 'ping'; id: string }
  | { type: 'chooseMode'; id: string; session: string; mode: Mode }
  | { type: 'submitPin'; id: string; session: string; pin: string; challenge?: string }
  | { type: 'confirmLastTry' | 'retryFace' | 'requestVisual' | 'cancel'; id: string; session: string }
  | { type: 'faceCapture'; id: string; session: string; image: string }
  | { type: 'faceCapture'; id: string; session: string; frames: string[] }
  | { type: 'submitCardCode'; id: string; session: string; code: string }
  | { type: 'cardFrontCapture'; id: string; session: string; image: string }
  | { type: 'confirmVisual'; id: string; session: string; staff: string; note?: string }
  | { type: 'submitConsent'; id: string; session: string; answers: Partial<Record<ConsentItem, boolean>> }
  | { type: 'history'; id: string }
  | { type: 'recordDocument'; id: string; reader: string; document: DocumentKind; staff: string; note?: string }
  | { type: 'sim.insert'; id: string; reader: string; profile: string; photo?: string }
  | { type: 'sim.remove'; id: string; reader: string }
  | { type: 'sim.face'; id: string; reader: string; outcome: FaceOutcome }
  | { type: 'sim.fault'; id: string; reader: string; fault: CardFault };

// ---- the client --------------------------------------------------------------------------------

export declare class MadoguchiError extends Error {
  constructor(code: ErrorCode, text: Text);
  readonly code: ErrorCode;
  /** the daemon's `message`, Japanese and English */
  readonly text: Text;
}

export interface ConnectionEvent {
  state: 'connecting' | 'open' | 'closed' | 'waiting';
  /** state waiting: the reconnect attempt and its delay in ms */
  attempt?: number; delay?: number;
  /** state closed: the WebSocket close status */
  code?: number;
}

export interface ClientEvents {
  welcome: WelcomeMessage;
  reader: ReaderMessage;
  session: SessionMessage;
  result: ResultMessage;
  service: ServiceMessage;
  /** a session the client knew that was not replayed after a reconnect: it ended while away */
  sessiongone: { session: string; reader: string };
  connection: ConnectionEvent;
  /** an error without a pending command (e.g. rate_limited without id) */
  protocolerror: ErrorMessage;
}

export interface ClientOptions {
  /** default: ws://<this page's host>/v1/ws */
  url?: string;
  token?: string | null;
  client?: string;
  /** reconnect backoff, ms (default 250 … 10000, doubled each try, jittered) */
  minDelay?: number;
  maxDelay?: number;
  /** ms before a command rejects with 'timeout' (default 30000) */
  commandTimeout?: number;
  WebSocket?: typeof WebSocket;
}

export declare class MadoguchiClient extends EventTarget {
  constructor(options?: ClientOptions);
  readonly state: 'connecting' | 'open' | 'closed';
  readonly role: Role | null;
  readonly welcome: WelcomeMessage | null;
  readonly service: ServiceMessage | null;
  readonly readers: ReadonlyMap<string, ReaderMessage>;
  readonly sessions: ReadonlyMap<string, SessionMessage>;
  sessionOn(reader: string): SessionMessage | null;
  connect(): Promise<WelcomeMessage>;
  close(): void;
  on<K extends keyof ClientEvents>(type: K, listener: (detail: ClientEvents[K]) => void): () => void;
  command(type: string, fields?: Record<string, unknown>): Promise<ReplyMessage>;
  ping(): Promise<ReplyMessage>;
  chooseMode(session: string, mode: Mode): Promise<ReplyMessage>;
  submitPin(session: string, digits: ArrayLike<number | string>, challenge?: string): Promise<ReplyMessage>;
  confirmLastTry(session: string): Promise<ReplyMessage>;
  /** One frame (a string) or a burst of 1–8 frames, base64 JPEG or PNG without a data: prefix. */
  faceCapture(session: string, frames: string | string[]): Promise<ReplyMessage>;
  /** 照合番号B, 14 digits (the caller should overwrite its array afterwards). */
  submitCardCode(session: string, digits: ArrayLike<number | string>): Promise<ReplyMessage>;
  /** A photograph of the card front (base64 JPEG or PNG without a data: prefix), while `cardCode.camera`. */
  cardFrontCapture(session: string, image: string): Promise<ReplyMessage>;
  retryFace(session: string): Promise<ReplyMessage>;
  requestVisual(session: string): Promise<ReplyMessage>;
  confirmVisual(session: string, staff: string, note?: string): Promise<ReplyMessage>;
  cancel(session: string): Promise<ReplyMessage>;
  submitConsent(session: string, answers: Partial<Record<ConsentItem, boolean>>): Promise<ReplyMessage>;
  recordDocument(r: { reader: string; document: DocumentKind; staff: string; note?: string }): Promise<ReplyMessage>;
  history(): Promise<HistoryReply>;
  readonly sim: {
    insert(reader: string, profile?: string, photo?: string): Promise<ReplyMessage>;
    remove(reader: string): Promise<ReplyMessage>;
    face(reader: string, outcome: FaceOutcome): Promise<ReplyMessage>;
    fault(reader: string, fault: CardFault): Promise<ReplyMessage>;
  };
}
