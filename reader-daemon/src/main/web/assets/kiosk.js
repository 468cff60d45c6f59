// The patient kiosk: one reader, one patient at a time. Japanese first, English on request.
import { MadoguchiClient } from '/client/index.js';
import { el, adoptToken, fragmentParams, language, pick } from '/assets/ui.js';

const TOKEN_KEY = 'madoguchi.kiosk.token';
const LANG_KEY = 'madoguchi.kiosk.lang';
const DONE_MS = 6000;      // the done screen stays at least this long (and while the card is on the reader)
const ENDED_MS = 5000;     // a failed or aborted session's message stays this long, then idle
const BURST = 5;           // frames per faceCapture: the liveness check needs a short burst…
const BURST_GAP_MS = 350;  // …over about 1.5 s, while the patient blinks
const FRAME_WIDTH = 480;   // frames are scaled down to this width (5 JPEGs stay far under the 1 MiB message limit)
const FRONT_EVERY_MS = 1500; // a photograph of the card front this long after the last answer, until one is read
const FRONT_MAX_WIDTH = 1600; // the card front is sent at the camera's resolution, up to this width
const FRONT_MAX_CHARS = 900000; // base64 characters: the message stays under the daemon's 1 MiB

const T = {
  brand: { ja: '受付', en: 'Reception' },
  langButton: { ja: 'English', en: '日本語' },
  connecting: { ja: '準備しています…', en: 'Getting ready…' },
  connectingSub: { ja: 'しばらくお待ちください', en: 'Please wait a moment' },
  reconnecting: { ja: '接続し直しています…', en: 'Reconnecting…' },
  wrongToken: { ja: 'この端末はまだ使えません', en: 'This kiosk is not set up yet' },
  wrongTokenSub: {
    ja: '受付の職員にお声がけください。(管理者の方へ: キオスクのトークンを付けて /kiosk#token=… で開き直してください)',
    en: 'Please ask the reception staff. (Administrators: open /kiosk#token=… with the kiosk token.)',
  },
  forget: { ja: '保存したトークンを消す', en: 'Forget the stored token' },
  noReader: { ja: 'カード読み取り機が接続されていません', en: 'No card reader is connected' },
  noReaderSub: { ja: '受付の職員にお声がけください', en: 'Please ask the reception staff' },
  idle: { ja: 'マイナンバーカードを置いてください', en: 'Please place your My Number card on the reader' },
  idleSub: { ja: 'カードは読み取りが終わるまで置いたままにしてください', en: 'Leave the card there until reading is finished' },
  lift: { ja: 'カードを一度取り、もう一度置いてください', en: 'Please lift your card and place it again' },
  reading: { ja: 'カードを読み取っています', en: 'Reading your card' },
  readingSub: { ja: 'カードを動かさずにお待ちください', en: 'Please do not move the card' },
  choose: { ja: '本人確認の方法を選んでください', en: 'Choose how to confirm your identity' },
  face: { ja: '顔認証', en: 'Face' },
  faceHint: { ja: 'カメラで顔を確認します', en: 'Uses the camera' },
  pin: { ja: '暗証番号', en: 'PIN' },
  pinHint: { ja: '4桁の数字を入力します', en: 'Enter 4 digits' },
  faceTitle: { ja: '顔をカメラに向けてください', en: 'Please face the camera' },
  faceGuide: {
    ja: '枠の中に顔を入れて「撮影する」を押し、カメラを見たまま まばたきをしてください',
    en: 'Fit your face in the frame, press “Take photos”, then look at the camera and blink',
  },
  capture: { ja: '撮影する', en: 'Take photos' },
  captureAgain: { ja: 'もう一度撮影する', en: 'Take photos again' },
  blinkNow: { ja: 'まばたきをしてください', en: 'Please blink' },
  blinkSub: { ja: 'カメラを見たまま、ゆっくり1〜2回', en: 'Keep looking at the camera and blink once or twice' },
  shooting: { ja: (i, n) => `撮影中 ${i} / ${n}`, en: (i, n) => `Taking photo ${i} of ${n}` },
  faceFailed: { ja: '顔を確認できませんでした', en: 'Your face could not be confirmed' },
  cardCodeTitle: { ja: '職員が照合番号を入力します', en: 'A member of staff will enter your card’s number' },
  cardCodeSub: {
    ja: 'カードを置いたまま、そのままお待ちください。番号を入力していただく必要はありません',
    en: 'Please leave the card on the reader and wait. You do not need to enter anything',
  },
  // Japanese in phrases, so that a line breaks between them and not inside a word
  frontTitle: {
    ja: ['カードの表面', '(顔写真のある面)を', 'カメラに向けてください'],
    en: 'Hold the front of your card (the side with your photo) up to the camera',
  },
  frontGuide: {
    ja: ['カードの表面が', '枠に収まるようにしてください。', '自動で読み取ります'],
    en: 'Make the front of the card fit inside the frame; it is read automatically',
  },
  frontReading: { ja: '読み取っています…', en: 'Reading…' },
  returnTitle: { ja: ['カードを', 'カードリーダーに', '戻してください'], en: 'Please put your card back on the card reader' },
  returnSub: {
    ja: ['読み取りました。', '同じカードを戻すと、', '顔の確認に進みます'],
    en: 'The card was read. Put the same card back to go on to the face check',
  },
  returnSubStaff: {
    ja: ['カードを戻すと、', '職員が照合番号を入力します'],
    en: 'Once the card is back, a member of staff will enter its number',
  },
  frontNoCamera: {
    ja: 'カメラを使えないため、職員が照合番号を入力します。そのままお待ちください',
    en: 'The camera cannot be used, so a member of staff will enter your card’s number. Please wait',
  },
  preparingFace: { ja: 'カードの写真を読み取っています', en: 'Reading the photo on your card' },
  matching: { ja: '照合しています', en: 'Checking' },
  attempt: { ja: (a, m) => `${a} / ${m} 回目`, en: (a, m) => `Attempt ${a} of ${m}` },
  nextAttempt: { ja: (a, m) => `次は ${a} / ${m} 回目です`, en: (a, m) => `Next: attempt ${a} of ${m}` },
  noCamera: { ja: 'カメラを使えません', en: 'The camera cannot be used' },
  usePin: { ja: '暗証番号で確認する', en: 'Use the PIN instead' },
  pinTitle: { ja: '暗証番号(4桁)を入力してください', en: 'Enter your 4-digit PIN' },
  triesLeft: { ja: (n) => `残り ${n} 回`, en: (n) => (n === 1 ? '1 try left' : `${n} tries left`) },
  triesUnknown: { ja: '残り回数: 不明', en: 'Tries left: unknown' },
  digitsEntered: { ja: (n) => `${n} 桁入力しました`, en: (n) => `${n} of 4 digits entered` },
  clear: { ja: '訂正', en: 'Delete' },
  ok: { ja: '決定', en: 'OK' },
  verifying: { ja: '確認しています', en: 'Checking' },
  lastTryTitle: { ja: '暗証番号の入力は、あと1回です', en: 'You have one PIN try left' },
  lastTrySub: {
    ja: '間違えると暗証番号がロックされ、市区町村の窓口での手続きが必要になります。分からない場合は職員にお声がけください。',
    en: 'A wrong PIN locks it, and it must then be reset at the municipal office. If unsure, please ask the staff.',
  },
  lastTryOk: { ja: '分かりました。入力します', en: 'I understand — enter PIN' },
  blockedTitle: { ja: '暗証番号がロックされました', en: 'Your PIN is locked' },
  callStaff: { ja: '受付の職員にお声がけください', en: 'Please speak to the reception staff' },
  visualTitle: { ja: '職員が確認に参ります', en: 'A member of staff will come to check' },
  visualSub: { ja: 'カードを置いたまま、そのままお待ちください', en: 'Please leave the card on the reader and wait' },
  consentTitle: { ja: '情報の提供について', en: 'Sharing your information' },
  agree: { ja: '同意する', en: 'I agree' },
  disagree: { ja: '同意しない', en: 'I do not agree' },
  back: { ja: '前の質問に戻る', en: 'Previous question' },
  progress: { ja: (i, n) => `質問 ${i} / ${n}`, en: (i, n) => `Question ${i} of ${n}` },
  sending: { ja: '送信しています', en: 'Sending' },
  doneTitle: { ja: '受付が完了しました', en: 'Check-in complete' },
  doneSub: { ja: 'カードをお取りください', en: 'Please take your card' },
  endedTitle: { ja: '確認できませんでした', en: 'We could not confirm your identity' },
  removedTitle: { ja: 'カードが取り外されました', en: 'The card was removed' },
  again: { ja: 'もう一度カードを置いてください', en: 'Please place your card again' },
  gone: { ja: '確認が中断されました', en: 'The check was interrupted' },
  error: { ja: 'エラーが発生しました', en: 'Something went wrong' },
};

const CONSENT = {
  medication: {
    title: { ja: '薬剤情報', en: 'Medication' },
    text: {
      ja: '過去の処方・調剤の情報を、この医療機関の医師・薬剤師等に提供することに同意しますか。',
      en: 'Do you agree to share your past prescriptions and dispensing with the doctors and pharmacists here?',
    },
  },
  treatment: {
    title: { ja: '診療情報', en: 'Treatment' },
    text: {
      ja: '過去の診療(手術・処置など)の情報を、この医療機関の医師等に提供することに同意しますか。',
      en: 'Do you agree to share your past treatment (operations, procedures) with the doctors here?',
    },
  },
  health_checkup: {
    title: { ja: '特定健診等情報', en: 'Health check-ups' },
    text: {
      ja: '特定健診などの健康診断の結果を、この医療機関の医師等に提供することに同意しますか。',
      en: 'Do you agree to share your health check-up results with the doctors here?',
    },
  },
  cost_limit: {
    title: { ja: '限度額適用区分の情報提供', en: 'High-cost medical expense category' },
    text: {
      ja: '医療費の自己負担限度額の区分を、この医療機関に提供することに同意しますか。',
      en: 'Do you agree to share your high-cost medical expense category with this clinic?',
    },
  },
};

let lang = language(LANG_KEY);
const token = adoptToken(TOKEN_KEY);
const wantedReader = fragmentParams().get('reader');

const client = new MadoguchiClient({ token, client: 'kiosk' });
const ui = {
  ended: null,        // {kind: 'done'|'ended'|'gone', result?, until}
  busy: false,        // a command of ours is on its way
  error: null,        // a refused command's text
  consentFor: null,   // the session the answers belong to
  answers: [],        // consent answers so far
  camera: null,       // {video, stream} while the face screen is up
  cameraFailed: false,
  shooting: 0,        // while a burst is being taken: the frame being taken (1…BURST), else 0
  frontTimer: null,   // the next photograph of the card front
  frontSending: false,
};
// The PIN digits live only here, overwritten after sending; the DOM shows dots only.
const pinDigits = new Uint8Array(4);
let pinCount = 0;
let pinSession = null;
let lastScreen = null;
let timer = null;

function t(key, ...args) {
  const v = T[key][lang];
  return typeof v === 'function' ? v(...args) : v;
}

function reader() {
  const readers = client.readers;
  if (wantedReader) return readers.get(wantedReader) ?? null;
  return readers.values().next().value ?? null;
}

function session() {
  const r = reader();
  return r ? client.sessionOn(r.reader) : null;
}

// ---- screens ---------------------------------------------------------------------------------

function screenKey() {
  if (!client.welcome) return 'connecting';
  if (client.role !== 'kiosk' && client.role !== 'staff') return 'wrongtoken';
  if (ui.ended) return ui.ended.kind;
  const r = reader();
  if (!r) return 'noreader';
  const s = session();
  if (!s) return r.card ? 'lift' : 'idle';
  switch (s.state) {
    case 'working':
      if (s.step === 'reading_card') return 'reading';
      if (s.step === 'reading_card_front') return 'cardfront';
      if (s.step === 'reading_photo' || s.step === 'matching_face') return 'face';
      return 'pin';
    case 'choose_mode': return 'choose';
    case 'card_code_entry': return s.cardCode?.camera && !ui.cameraFailed ? 'cardfront' : 'cardcode';
    case 'card_return': return 'cardreturn';
    case 'face_in_progress': return 'face';
    case 'pin_entry': return s.pin?.retriesLeft === 1 && s.pin.lastTryConfirmed === false ? 'lasttry' : 'pin';
    case 'visual_pending': return s.notice === 'pin_blocked' ? 'blocked' : 'visual';
    case 'consent': return 'consent';
    default: return 'reading';
  }
}

function render() {
  const key = screenKey();
  const s = session();
  if (key !== 'face' && key !== 'cardfront') stopCamera();
  if (key !== 'pin') wipePin();
  if (s && s.session !== pinSession) { wipePin(); pinSession = s.session; }
  if (key !== 'consent' || ui.consentFor !== s?.session) {
    ui.answers = [];
    ui.consentFor = key === 'consent' ? s.session : null;
  }
  const main = document.getElementById('screen');
  const parts = SCREENS[key](s);
  main.replaceChildren(...parts.flat().filter((p) => p !== null && p !== undefined && p !== false));
  main.dataset.screen = key;
  document.body.dataset.screen = key;
  document.documentElement.lang = lang;
  document.getElementById('brand').textContent = t('brand');
  const langButton = document.getElementById('lang');
  langButton.textContent = t('langButton');
  langButton.lang = lang === 'ja' ? 'en' : 'ja';
  const h1 = main.querySelector('h1');
  if (key !== lastScreen) {
    lastScreen = key;
    document.getElementById('announce').textContent = h1 ? h1.textContent : '';
    const first = main.querySelector('[data-autofocus]') ?? h1;
    first?.focus();
  }
  if (key === 'face' || key === 'cardfront') startCamera(key === 'cardfront');
  scheduleFront(key, s);
}

function headline(text, sub) {
  return [el('h1', { tabindex: '-1' }, phrases(text)), sub ? el('p', { class: 'sub' }, phrases(sub)) : null];
}

/** A text, or an array of phrases that each stay on one line. */
function phrases(text) {
  return Array.isArray(text) ? text.map((p) => el('span', { class: 'phrase' }, p)) : text;
}

function errorLine() {
  return ui.error ? el('p', { class: 'notice bad', role: 'alert' }, pick(ui.error, lang)) : null;
}

function noticeLine(s) {
  if (!s?.message) return null;
  const bad = s.notice === 'face_mismatch' || s.notice === 'face_not_live' || s.notice === 'pin_blocked'
    || s.notice === 'card_error'
    || (s.state === 'pin_entry' && !s.notice);
  return el('p', { class: `notice ${bad ? 'bad' : 'warn'}`, role: 'alert' }, pick(s.message, lang));
}

const SCREENS = {
  connecting: () => [el('div', { class: 'spinner', 'aria-hidden': 'true' }),
    ...headline(client.state === 'closed' && client.welcome ? t('reconnecting') : t('connecting'), t('connectingSub'))],
  wrongtoken: () => [...headline(t('wrongToken'), t('wrongTokenSub')),
    el('div', { class: 'big-actions' }, el('button', {
      type: 'button', class: 'secondary', onclick: () => { localStorage.removeItem(TOKEN_KEY); location.reload(); },
    }, t('forget')))],
  noreader: () => [...headline(t('noReader'), t('noReaderSub'))],
  idle: () => [el('div', { class: 'card-art waiting', 'aria-hidden': 'true' }), ...headline(t('idle'), t('idleSub'))],
  lift: () => [el('div', { class: 'card-art', 'aria-hidden': 'true' }), ...headline(t('lift'))],
  reading: () => [el('div', { class: 'spinner', 'aria-hidden': 'true' }), ...headline(t('reading'), t('readingSub'))],
  choose: (s) => [...headline(t('choose')), noticeLine(s), errorLine(),
    el('div', { class: 'big-actions' }, s.allowedModes.map((m, i) => el('button', {
      type: 'button', class: 'choice', 'data-mode': m, 'data-autofocus': i === 0 ? true : null,
      onclick: () => send(() => client.chooseMode(s.session, m)),
    }, t(m), el('small', {}, t(m === 'face' ? 'faceHint' : 'pinHint')))))],
  face: (s) => faceScreen(s),
  cardfront: (s) => cardFrontScreen(s),
  cardreturn: (s) => [el('div', { class: 'card-art waiting', 'aria-hidden': 'true' }),
    ...headline(t('returnTitle'), s.cardCode?.read ? t('returnSub') : t('returnSubStaff')), errorLine()],
  cardcode: (s) => [el('div', { class: 'card-art', 'aria-hidden': 'true' }),
    ...headline(t('cardCodeTitle'), ui.cameraFailed && s.cardCode?.camera ? t('frontNoCamera') : t('cardCodeSub')),
    errorLine(),
    s.allowedModes.includes('pin') ? el('div', { class: 'big-actions' }, el('button', {
      type: 'button', class: 'secondary', id: 'use-pin', onclick: () => send(() => client.chooseMode(s.session, 'pin')),
    }, t('usePin'))) : null],
  pin: (s) => pinScreen(s),
  lasttry: (s) => [...headline(t('lastTryTitle'), t('lastTrySub')), errorLine(),
    el('p', { class: 'tries last' }, t('triesLeft', 1)),
    el('div', { class: 'big-actions' }, el('button', {
      type: 'button', id: 'confirm-last-try', 'data-autofocus': true,
      onclick: () => send(() => client.confirmLastTry(s.session)),
    }, t('lastTryOk')))],
  blocked: (s) => [...headline(t('blockedTitle')), el('p', { class: 'staff-call' }, t('callStaff')),
    el('p', { class: 'sub' }, t('visualSub')),
    s.message ? el('p', { class: 'sub' }, pick(s.message, lang)) : null],
  visual: (s) => [...headline(t('visualTitle'), t('visualSub')),
    s.notice && s.message ? el('p', { class: 'sub' }, pick(s.message, lang)) : null],
  consent: (s) => consentScreen(s),
  done: () => [el('p', { class: 'result-ok', 'aria-hidden': 'true' }, '✓'), ...headline(t('doneTitle')),
    el('p', { class: 'take-card' }, t('doneSub'))],
  ended: () => {
    const r = ui.ended.result;
    const removed = r?.reason === 'card_removed';
    return [...headline(removed ? t('removedTitle') : t('endedTitle'),
      removed ? t('again') : pick(r?.message, lang) || t('again')),
    removed ? null : el('p', { class: 'staff-call' }, t('callStaff'))];
  },
  gone: () => [...headline(t('gone'), t('again'))],
};

// ---- face ----------------------------------------------------------------------------------

function faceScreen(s) {
  const working = s.state === 'working';
  const shooting = ui.shooting > 0;
  const failed = !working && !shooting && (s.notice === 'face_mismatch' || s.notice === 'face_not_live');
  const face = s.face ?? { attempts: 0, maxAttempts: 3 };
  let title = t('faceTitle');
  let sub = t('faceGuide');
  if (shooting) { title = t('blinkNow'); sub = t('blinkSub'); }
  else if (working) { title = s.step === 'reading_photo' ? t('preparingFace') : t('matching'); sub = null; }
  else if (failed) { title = t('faceFailed'); sub = null; }
  const text = [...headline(title, sub)];
  const attempt = t(failed ? 'nextAttempt' : 'attempt', Math.min(face.attempts + 1, face.maxAttempts), face.maxAttempts);
  if (failed) text.push(noticeLine(s));
  text.push(el('p', { class: 'progress', id: 'attempts' }, attempt));
  text.push(shooting || failed ? null : noticeLine(s), errorLine());
  if (ui.cameraFailed) text.push(el('p', { class: 'notice bad', role: 'alert' }, t('noCamera')));
  const actions = [];
  if (shooting) {
    actions.push(el('p', { class: 'shooting', role: 'status', id: 'shooting' }, t('shooting', ui.shooting, BURST)));
  } else if (working) {
    actions.push(el('div', { class: 'spinner', 'aria-hidden': 'true' }),
      el('p', { role: 'status' }, s.step === 'matching_face' ? t('matching') : t('preparingFace')));
  } else {
    actions.push(el('button', {
      type: 'button', id: 'capture', 'data-autofocus': true, 'aria-disabled': ui.cameraFailed || ui.busy ? 'true' : null,
      onclick: () => capture(s),
    }, failed ? t('captureAgain') : t('capture')));
    if (s.allowedModes.includes('pin')) {
      actions.push(el('button', {
        type: 'button', class: 'secondary', id: 'use-pin', onclick: () => send(() => client.chooseMode(s.session, 'pin')),
      }, t('usePin')));
    }
    if (ui.cameraFailed && !s.allowedModes.includes('pin')) actions.push(el('p', { class: 'staff-call' }, t('callStaff')));
  }
  text.push(el('div', { class: 'big-actions' }, actions));
  const camera = el('div', { class: `camera${shooting ? ' shooting' : ''}`, id: 'camera' },
    el('div', { class: 'oval', 'aria-hidden': 'true' }));
  return [el('div', { class: 'face-layout' }, camera, el('div', { class: 'face-text' }, text))];
}

// ---- card front (照合番号B by camera) ---------------------------------------------------------

/**
 * The card front to the camera: the preview with a card-shaped guide; a photograph goes to the daemon
 * every FRONT_EVERY_MS after the last answer while `cardCode.camera` is true. The daemon reads 照合番号B
 * off it and says only whether it could (never the digits); when it stops the camera path (10 photographs,
 * or a reading the card refused) the calm "staff will enter it" screen follows.
 */
function cardFrontScreen(s) {
  const working = s.state === 'working';
  const text = [...headline(t('frontTitle'), t('frontGuide'))];
  if (working) {
    text.push(el('div', { class: 'reading-front' }, el('div', { class: 'spinner small', 'aria-hidden': 'true' }),
      el('p', { role: 'status' }, t('frontReading'))));
  } else if (s.notice) {
    text.push(noticeLine(s)); // card_front_unreadable: how to hold the card (the title already says what to do)
  }
  text.push(errorLine());
  if (s.allowedModes.includes('pin')) {
    text.push(el('div', { class: 'big-actions' }, el('button', {
      type: 'button', class: 'secondary', id: 'use-pin', onclick: () => send(() => client.chooseMode(s.session, 'pin')),
    }, t('usePin'))));
  }
  const camera = el('div', { class: 'camera front', id: 'camera' }, el('div', { class: 'card-guide', 'aria-hidden': 'true' }));
  return [el('div', { class: 'face-layout front-layout' }, camera, el('div', { class: 'face-text' }, text))];
}

function scheduleFront(key, s) {
  const wanted = key === 'cardfront' && s?.state === 'card_code_entry' && s.cardCode?.camera && !ui.cameraFailed;
  if (!wanted) {
    clearTimeout(ui.frontTimer);
    ui.frontTimer = null;
    return;
  }
  if (ui.frontTimer || ui.frontSending) return;
  ui.frontTimer = setTimeout(() => { ui.frontTimer = null; sendFront(); }, FRONT_EVERY_MS);
}

async function sendFront() {
  const s = session();
  if (screenKey() !== 'cardfront' || s?.state !== 'card_code_entry' || !s.cardCode?.camera) return;
  const video = ui.camera?.video;
  if (!ui.camera?.stream || !video || video.readyState < 2 || !video.videoWidth) { scheduleFront('cardfront', s); return; }
  let image = frontImage(video);
  ui.frontSending = true;
  try {
    const sent = client.cardFrontCapture(s.session, image);
    image = ''; // the message is built; the photograph is dropped here
    await sent;
  } catch {
    // rate_limited or bad_state: the session's next state decides what follows
  } finally {
    ui.frontSending = false;
    render();
  }
}

/** The preview's current picture as base64 JPEG, at the camera's resolution (a card needs the pixels). */
function frontImage(video) {
  const canvas = document.createElement('canvas');
  const scale = Math.min(1, FRONT_MAX_WIDTH / video.videoWidth);
  canvas.width = Math.round(video.videoWidth * scale);
  canvas.height = Math.round(video.videoHeight * scale);
  const g = canvas.getContext('2d');
  g.drawImage(video, 0, 0, canvas.width, canvas.height);
  let data = '';
  for (const quality of [0.9, 0.75, 0.6]) {
    data = canvas.toDataURL('image/jpeg', quality).replace(/^data:image\/jpeg;base64,/, '');
    if (data.length <= FRONT_MAX_CHARS) break;
  }
  g.clearRect(0, 0, canvas.width, canvas.height);
  canvas.width = 0;
  return data;
}

async function startCamera(forCard = false) {
  const box = document.getElementById('camera');
  if (!box) return;
  if (ui.camera) {
    if (!box.contains(ui.camera.video)) box.prepend(ui.camera.video);
    ui.camera.video.play().catch(() => {});
    return;
  }
  if (ui.cameraFailed) return;
  const video = el('video', { autoplay: true, muted: true, playsinline: true, 'aria-label': [t(forCard ? 'frontTitle' : 'faceTitle')].flat().join('') });
  video.muted = true;
  ui.camera = { video, stream: null };
  box.prepend(video);
  try {
    // the card front needs more pixels than a face: ask for more when the camera starts for it (the same
    // stream then serves the face, whose frames are scaled down anyway)
    const size = forCard ? { width: { ideal: 1280 }, height: { ideal: 960 } } : { width: 640, height: 480 };
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user', ...size } });
    if (!ui.camera || ui.camera.video !== video) { stream.getTracks().forEach((tr) => tr.stop()); return; }
    ui.camera.stream = stream;
    video.srcObject = stream;
    await video.play().catch(() => {});
  } catch {
    ui.camera = null;
    ui.cameraFailed = true;
    render();
  }
}

function stopCamera() {
  if (!ui.camera) return;
  ui.camera.stream?.getTracks().forEach((tr) => tr.stop());
  ui.camera.video.srcObject = null;
  ui.camera = null;
}

/**
 * A burst from the live preview as base64 JPEG: `count` frames `gapMs` apart, scaled to FRAME_WIDTH.
 * `onFrame(i)` is told before each frame is taken (to show the progress).
 */
async function captureFrames(video, onFrame, count = BURST, gapMs = BURST_GAP_MS) {
  const canvas = document.createElement('canvas');
  const w = video.videoWidth || 640;
  const h = video.videoHeight || 480;
  const scale = Math.min(1, FRAME_WIDTH / w);
  canvas.width = Math.round(w * scale);
  canvas.height = Math.round(h * scale);
  const g = canvas.getContext('2d');
  const frames = [];
  for (let i = 0; i < count; i++) {
    onFrame(i + 1);
    if (i > 0) await new Promise((r) => setTimeout(r, gapMs));
    g.drawImage(video, 0, 0, canvas.width, canvas.height);
    frames.push(canvas.toDataURL('image/jpeg', 0.85).replace(/^data:image\/jpeg;base64,/, ''));
  }
  g.clearRect(0, 0, canvas.width, canvas.height);
  return frames;
}

async function capture(s) {
  if (ui.busy || ui.shooting || ui.cameraFailed || !ui.camera?.stream) return;
  ui.error = null;
  let frames;
  try {
    frames = await captureFrames(ui.camera.video, (i) => {
      ui.shooting = i;
      if (i === 1) render(); else showShooting();
    });
  } finally {
    ui.shooting = 0;
  }
  if (session()?.session !== s.session) { frames.fill(''); render(); return; } // the card left meanwhile
  const sending = send(() => client.faceCapture(s.session, frames));
  frames.fill(''); // the message is built; the frames are dropped here at once
  await sending;
}

/** Updates the burst's progress line without re-creating the screen (the preview keeps playing). */
function showShooting() {
  const line = document.getElementById('shooting');
  if (line) line.textContent = t('shooting', ui.shooting, BURST);
}

// ---- PIN -----------------------------------------------------------------------------------

function wipePin() {
  pinDigits.fill(0);
  pinCount = 0;
}

function pinScreen(s) {
  const working = s.state === 'working';
  const left = s.pin?.retriesLeft;
  const parts = [...headline(working ? t('verifying') : t('pinTitle')),
    el('p', { class: `tries${left === 1 ? ' last' : ''}`, id: 'tries' },
      left === null || left === undefined ? t('triesUnknown') : t('triesLeft', left)),
    noticeLine(s), errorLine()];
  const dots = el('div', { class: 'dots', 'aria-hidden': 'true', id: 'dots' });
  for (let i = 0; i < 4; i++) dots.append(el('span', { class: i < pinCount ? 'filled' : '' }));
  parts.push(dots, el('p', { class: 'visually-hidden', 'aria-live': 'polite', id: 'pin-count' }, t('digitsEntered', pinCount)));
  if (working) {
    parts.push(el('div', { class: 'spinner', 'aria-hidden': 'true' }));
    return parts;
  }
  const pad = el('div', { class: 'keypad', role: 'group', 'aria-label': t('pinTitle') });
  for (const d of [1, 2, 3, 4, 5, 6, 7, 8, 9]) pad.append(digitButton(d, d === 1));
  pad.append(el('button', { type: 'button', class: 'secondary', id: 'pin-delete', onclick: () => pinKey('Backspace') },
    t('clear')));
  pad.append(digitButton(0, false));
  pad.append(el('button', {
    type: 'button', id: 'pin-ok', 'aria-disabled': pinCount < 4 ? 'true' : null, onclick: () => pinKey('Enter'),
  }, t('ok')));
  parts.push(pad);
  return parts;
}

function digitButton(d, autofocus) {
  return el('button', { type: 'button', 'data-digit': d, 'data-autofocus': autofocus || null, onclick: () => pinKey(String(d)) },
    String(d));
}

function pinKey(key) {
  const s = session();
  if (!s || s.state !== 'pin_entry' || ui.busy) return;
  if (/^[0-9]$/.test(key) && pinCount < 4) {
    pinDigits[pinCount++] = key.charCodeAt(0) - 48;
    ui.error = null;
  } else if (key === 'Backspace' && pinCount > 0) {
    pinDigits[--pinCount] = 0;
  } else if (key === 'Enter' && pinCount === 4) {
    const sending = send(() => client.submitPin(s.session, pinDigits));
    wipePin(); // submitPin has built its message; the digits are overwritten at once
    refreshPin();
    return sending;
  } else {
    return undefined;
  }
  refreshPin();
  return undefined;
}

/** Updates the dots and the OK button without re-creating the keypad (keeps focus). */
function refreshPin() {
  const dots = document.querySelectorAll('#dots span');
  dots.forEach((d, i) => d.classList.toggle('filled', i < pinCount));
  const count = document.getElementById('pin-count');
  if (count) count.textContent = t('digitsEntered', pinCount);
  const ok = document.getElementById('pin-ok');
  if (ok) { if (pinCount < 4) ok.setAttribute('aria-disabled', 'true'); else ok.removeAttribute('aria-disabled'); }
}

document.addEventListener('keydown', (e) => {
  if (lastScreen !== 'pin' || e.altKey || e.ctrlKey || e.metaKey) return;
  let key = e.key;
  if (/^Numpad[0-9]$/.test(e.code)) key = e.code.slice(6);
  if (key === 'NumpadEnter') key = 'Enter';
  // Enter always means OK here (a focused digit button must not take it as a click).
  if (/^[0-9]$/.test(key) || key === 'Backspace' || key === 'Enter') {
    e.preventDefault();
    pinKey(key);
  }
});

// ---- consent -------------------------------------------------------------------------------

function consentScreen(s) {
  const items = s.consent?.items ?? [];
  const i = ui.answers.length;
  if (i >= items.length) {
    return [el('div', { class: 'spinner', 'aria-hidden': 'true' }), ...headline(t('sending')), errorLine()];
  }
  const item = items[i];
  const info = CONSENT[item] ?? { title: { ja: item, en: item }, text: { ja: '', en: '' } };
  return [
    ...headline(t('consentTitle')),
    el('p', { class: 'progress', id: 'consent-progress' }, t('progress', i + 1, items.length)),
    el('section', { class: 'consent-item', 'aria-labelledby': 'consent-item-title', 'data-item': item },
      el('h2', { id: 'consent-item-title' }, pick(info.title, lang)), el('p', {}, pick(info.text, lang))),
    errorLine(),
    el('div', { class: 'big-actions' },
      el('button', { type: 'button', 'data-answer': 'yes', 'data-autofocus': true, onclick: () => answer(s, items, true) },
        t('agree')),
      el('button', { type: 'button', class: 'secondary', 'data-answer': 'no', onclick: () => answer(s, items, false) },
        t('disagree'))),
    i > 0 ? el('button', { type: 'button', class: 'secondary', id: 'consent-back', onclick: () => { ui.answers.pop(); lastScreen = null; render(); } },
      t('back')) : null,
  ];
}

function answer(s, items, yes) {
  ui.answers.push(yes);
  lastScreen = null; // a new question: move focus and announce it
  if (ui.answers.length === items.length) {
    const answers = {};
    items.forEach((item, k) => { answers[item] = ui.answers[k]; });
    send(() => client.submitConsent(s.session, answers)).then((ok) => {
      if (!ok) { ui.answers = []; render(); }
    });
  }
  render();
}

// ---- commands and events ---------------------------------------------------------------------

async function send(fn) {
  if (ui.busy) return false;
  ui.busy = true;
  ui.error = null;
  try {
    await fn();
    return true;
  } catch (e) {
    ui.error = e.text ?? T.error;
    return false;
  } finally {
    ui.busy = false;
    render();
  }
}

function showEnded(kind, result, ms) {
  clearTimeout(timer);
  ui.ended = { kind, result, until: Date.now() + ms };
  ui.error = null;
  timer = setTimeout(endShown, ms);
  lastScreen = null;
  render();
}

/** The done screen stays while the card is on the reader; anything else goes back to idle. */
function endShown() {
  if (ui.ended?.kind === 'done' && reader()?.card) {
    timer = setTimeout(endShown, 1000);
    return;
  }
  ui.ended = null;
  render();
}

client.on('result', (r) => {
  const mine = reader();
  if (!mine || r.reader !== mine.reader) return;
  if (r.outcome === 'verified') showEnded('done', r, DONE_MS);
  else showEnded('ended', r, ENDED_MS);
});
client.on('sessiongone', (g) => {
  if (g.reader === reader()?.reader) showEnded('gone', null, ENDED_MS);
});
client.on('session', (s) => {
  if (s.reader !== reader()?.reader) return;
  if (ui.ended && s.state !== 'consent') { clearTimeout(timer); ui.ended = null; } // a new card: its session wins
  if (s.state !== 'consent') ui.error = null;
  render();
});
client.on('reader', (r) => {
  if (ui.ended?.kind === 'done' && r.reader === reader()?.reader && !r.card && Date.now() >= ui.ended.until) {
    ui.ended = null;
  }
  render();
});
client.on('welcome', render);
client.on('connection', render);

document.getElementById('lang').addEventListener('click', () => {
  lang = lang === 'ja' ? 'en' : 'ja';
  localStorage.setItem(LANG_KEY, lang);
  lastScreen = null;
  render();
});

render();
client.connect();
// For tests and diagnostics: which screen is showing (never a PIN, token or image).
window.madoguchiKiosk = { screen: () => lastScreen };
