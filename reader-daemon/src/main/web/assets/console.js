// The reception console: every reader, live sessions, 目視確認, document proofs, today's results, alerts.
import { MadoguchiClient } from '/client/index.js';
import { el, adoptToken, health, pick } from '/assets/ui.js';

const TOKEN_KEY = 'madoguchi.console.token';
const STAFF_KEY = 'madoguchi.console.staff';

const STATE = {
  working: '処理中', choose_mode: '方法の選択待ち', card_code_entry: '照合番号Bの入力待ち(職員が入力)',
  card_return: 'カードがリーダーに戻されるのを待っています', face_in_progress: '顔認証中', pin_entry: '暗証番号の入力待ち',
  visual_pending: '目視確認待ち', consent: '同意の回答待ち',
};
const STEP = {
  reading_card: 'カード読み取り中', reading_card_front: 'カード表面の読み取り中(カメラ)',
  reading_photo: '券面写真の読み取り中', matching_face: '顔照合中',
  verifying_pin: '暗証番号の照合中', reading_pin_status: '残り回数の確認中',
};
const REFUSAL = {
  not_an_image: '画像を読めません', image_too_large: '画像が大きすぎます', image_too_small: '画像が小さすぎます',
  card_not_found: 'カードが写っていません', unreadable: '文字を確実に読めません', invalid_date: '日付が正しくありません',
  inconsistent: '読み取りが食い違いました',
};
const KIND = {
  my_number_card: 'マイナンバーカード', juki_card: '住基カード(非対応)', iphone_token: 'iPhone(非対応)',
  android_token: 'Android スマートフォン', unknown_jpki: '不明なカード', not_jpki: 'マイナンバーカード以外',
  unreadable: '読み取れないカード',
};
const OUTCOME = { verified: '確認済み', failed: '確認できず', aborted: '中断' };
const METHOD = { face: '顔認証', pin: '暗証番号', visual: '目視確認', document: '書類' };
const REASON = {
  card_removed: 'カード取り外し', reader_removed: '読み取り機の取り外し', service_unavailable: 'PC/SC 停止',
  not_my_number_card: 'マイナンバーカード以外', unsupported_token: '非対応のカード', cancelled: '職員が中止',
  timeout: '時間切れ', card_error: 'カードエラー',
};
const DOCUMENT = {
  shikaku_kakuninsho: '資格確認書', shikaku_joho_oshirase: '資格情報のお知らせ(カードと一緒に提示)',
  mynaportal: 'マイナポータルの資格情報画面',
};
const CONSENT_SHORT = { medication: '薬剤', treatment: '診療', health_checkup: '健診', cost_limit: '限度額' };
const PROFILES = ['default', 'pin-last-try', 'pin-blocked', 'face-only', 'under15', 'renewal-due', 'expired-cert',
  'android', 'iphone', 'juki', 'not-my-number'];

let token = adoptToken(TOKEN_KEY);
let client = null;
let simulate = false;
const known = new Map();         // reader name → last reader message (kept after detach, shown as detached)
const results = new Map();       // session id → history entry or result, newest first when listed
let historyNote = null;          // why the list may be incomplete
const alerts = new Map();        // key → {text, level}
const alerted = new Set();       // sessions already alerted for pin_blocked
const forms = new Map();         // reader → 'visual' | 'document' | 'cardcode' (an open form)
let staffRole = false;

const main = document.getElementById('main');

// ---- token -------------------------------------------------------------------------------------

function tokenForm(problem) {
  const input = el('input', { id: 'token', type: 'password', autocomplete: 'off', required: true, 'aria-describedby': 'token-help' });
  const form = el('form', {
    class: 'token-box', id: 'token-form', 'aria-labelledby': 'token-title',
    onsubmit: (e) => {
      e.preventDefault();
      if (!input.value.trim()) return;
      localStorage.setItem(TOKEN_KEY, input.value.trim());
      input.value = '';
      location.reload();
    },
  },
  el('h1', { id: 'token-title' }, 'スタッフ用トークンの入力', el('span', { class: 'en', lang: 'en' }, 'Enter the staff token')),
  problem ? el('p', { class: 'notice bad', role: 'alert' }, problem) : null,
  el('p', { id: 'token-help' }, '管理者から受け取ったスタッフ用トークンを入力してください。この端末に保存され、次からは入力不要です。',
    el('span', { class: 'en', lang: 'en' }, 'Enter the staff token from your administrator. It is stored on this computer.')),
  el('label', { for: 'token' }, 'トークン / Token'), input,
  el('p', {}, el('button', { type: 'submit' }, '保存して接続 / Save and connect')));
  main.replaceChildren(form);
  input.focus();
}

// ---- alerts ------------------------------------------------------------------------------------

function alert(key, text, level = 'bad') {
  alerts.set(key, { text, level });
  renderAlerts();
}

function clearAlert(key) {
  if (alerts.delete(key)) renderAlerts();
}

function renderAlerts() {
  const box = document.getElementById('alerts');
  box.replaceChildren(...[...alerts].map(([key, a]) => el('div', { class: `alert ${a.level}`, 'data-alert': key },
    el('span', { class: 'text' }, a.text),
    el('button', { type: 'button', class: 'secondary', onclick: () => clearAlert(key) }, '閉じる / Dismiss'))));
}

// ---- layout ------------------------------------------------------------------------------------

function layout() {
  main.replaceChildren(
    el('h1', { class: 'visually-hidden' }, '受付コンソール / Reception console'),
    el('h2', { id: 'readers-title' }, '読み取り機 ', el('span', { class: 'en', lang: 'en' }, 'Readers')),
    el('section', { class: 'readers', id: 'readers', 'aria-labelledby': 'readers-title' }),
    el('h2', { id: 'doc-title' }, 'カード以外での確認を記録 ', el('span', { class: 'en', lang: 'en' }, 'Record another proof (no card)')),
    el('p', { class: 'muted' }, 'カードで確認できない患者さんは、各読み取り機の「書類で確認」から、提示された書類を記録してください。'),
    el('h2', { id: 'history-title' }, '本日の受付 ', el('span', { class: 'en', lang: 'en' }, "Today's results")),
    el('p', { id: 'history-note', class: 'muted' }),
    el('table', { id: 'history', 'aria-labelledby': 'history-title' },
      el('thead', {}, el('tr', {}, ['時刻', '読み取り機', '結果', '方法', '理由', '書類', '職員', '同意']
        .map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {})));
}

function renderReaders() {
  const box = document.getElementById('readers');
  if (!box) return;
  const names = [...known.keys()];
  for (const card of [...box.children]) if (!known.has(card.dataset.reader)) card.remove();
  if (names.length === 0) {
    box.replaceChildren(el('p', { class: 'muted', id: 'no-readers' }, '読み取り機が接続されていません / No reader connected'));
    return;
  }
  box.querySelector('#no-readers')?.remove();
  for (const name of names) {
    let card = [...box.children].find((c) => c.dataset.reader === name);
    if (!card) {
      card = el('article', { class: 'reader', 'data-reader': name, 'aria-label': `読み取り機 ${name}` },
        el('h3', {}, name), el('div', { class: 'info' }), el('div', { class: 'actions' }), el('div', { class: 'form-slot' }),
        simulate ? el('div', { class: 'sim' }) : null);
      box.append(card);
    }
    fillReader(card, name);
  }
}

function fillReader(card, name) {
  const r = known.get(name);
  const s = r.attached ? client.sessionOn(name) : null;
  card.classList.toggle('detached', !r.attached);
  card.classList.toggle('attention', s?.notice === 'pin_blocked' || s?.state === 'visual_pending');
  const rows = [
    ['接続', r.attached ? '接続中' : '外れています(Detached)'],
    ['カード', r.card ? (KIND[r.card.kind] ?? r.card.kind) : 'なし'],
  ];
  if (s) {
    const state = s.state === 'card_code_entry' && s.cardCode?.camera ? '照合番号Bの読み取り待ち(カメラ)'
      : STATE[s.state] ?? s.state;
    rows.push(['確認', `${state}${s.step ? `(${STEP[s.step] ?? s.step})` : ''}`]);
    if (s.cardAwayUntil) {
      const until = new Date(s.cardAwayUntil).toLocaleTimeString('ja-JP', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
      rows[1] = ['カード', `カメラに向けるため取り外し中 — ${until} までに戻されなければ終了`];
    }
    if (s.mode) rows.push(['方法', METHOD[s.mode]]);
    const pin = s.pin ?? r.card?.pin;
    if (pin) rows.push(['暗証番号', pin.blocked ? 'ロック中' : pin.retriesLeft === null ? '使えません' : `残り ${pin.retriesLeft} 回`]);
    if (s.face) rows.push(['顔認証', `${s.face.attempts} / ${s.face.maxAttempts} 回失敗`]);
    if (s.cardCode) {
      rows.push(['照合番号B', `${s.cardCode.retriesLeft === null ? '残り回数: 不明' : `残り ${s.cardCode.retriesLeft} 回`}`
        + (s.cardCode.camera ? (s.cardCode.read ? '・カメラで読み取り済み' : '・カメラで読み取り中') : '・職員が入力')]);
      // The OCR's reading, masked (never the digits): staff can check the era and years against the card.
      if (s.cardCode.read) rows.push(['読み取り結果', pick(s.cardCode.read, 'ja')]);
      if (s.cardCode.refusal) rows.push(['前回の画像', REFUSAL[s.cardCode.refusal] ?? s.cardCode.refusal]);
    }
  } else if (r.card?.pin) {
    rows.push(['暗証番号', r.card.pin.blocked ? 'ロック中' : `残り ${r.card.pin.retriesLeft ?? '?'} 回`]);
  }
  const info = el('div', { class: 'info' }, el('dl', {}, rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])),
    s?.message ? el('p', { class: `notice ${s.notice === 'pin_blocked' ? 'bad' : 'warn'}` }, pick(s.message, 'ja')) : null);
  card.querySelector('.info').replaceWith(info);

  const actions = [];
  if (s && staffRole) {
    if (s.state === 'visual_pending') {
      actions.push(el('button', { type: 'button', 'data-action': 'confirm-visual', onclick: () => openForm(name, 'visual') },
        '目視確認を完了'));
    } else if (s.state !== 'consent') {
      // 目視確認 needs the card on the reader: while the patient holds it up to the camera it waits
      const away = !!s.cardAwayUntil;
      actions.push(el('button', { type: 'button', 'data-action': 'request-visual', disabled: away ? true : null,
        title: away ? 'カードがリーダーに戻ってから使えます' : null,
        onclick: () => run(name, () => client.requestVisual(s.session)) }, '目視確認を依頼'));
    }
    actions.push(el('button', { type: 'button', class: 'secondary', 'data-action': 'cancel',
      onclick: () => run(name, () => client.cancel(s.session)) }, '中止'));
  }
  if (r.attached && staffRole && s?.state !== 'consent') {
    actions.push(el('button', { type: 'button', class: 'secondary', 'data-action': 'document',
      onclick: () => openForm(name, 'document') }, '書類で確認'));
  }
  const errorBox = card.querySelector('.actions .notice');
  card.querySelector('.actions').replaceChildren(...actions, errorBox ?? '');

  const slot = card.querySelector('.form-slot');
  if (staffRole && s?.state === 'card_code_entry' && !forms.get(name)) forms.set(name, 'cardcode');
  const want = forms.get(name);
  const valid = want === 'visual' ? s?.state === 'visual_pending'
    : want === 'document' ? r.attached && s?.state !== 'consent'
      : want === 'cardcode' ? s?.state === 'card_code_entry'
        || (s?.state === 'working' && (s.step === 'reading_photo' || s.step === 'reading_card_front'))
        : false;
  if (!valid && want) forms.delete(name);
  // the card-code form is made again (with its other sentence) when the camera path ends
  const formKey = want === 'cardcode' && s?.cardCode?.camera ? 'cardcode-camera' : want;
  if (!valid) slot.replaceChildren();
  else if (slot.dataset.form !== formKey || !slot.firstChild) {
    slot.replaceChildren(want === 'cardcode' ? cardCodeForm(name, !!s?.cardCode?.camera) : form(name, want));
    if (want === 'cardcode' && !s?.cardCode?.camera) slot.querySelector('input')?.focus();
  }
  slot.dataset.form = valid ? formKey : '';
  // While the card checks a code, the form stays (and keeps its focus) but sends nothing.
  slot.querySelector('[data-action="card-code-submit"]')?.toggleAttribute('disabled',
    s?.state !== 'card_code_entry' || !!s.cardAwayUntil);

  const sim = card.querySelector('.sim');
  if (sim && !sim.firstChild) {
    const select = el('select', { 'aria-label': `${name} に置くカードの種類 (simulator)` },
      PROFILES.map((p) => el('option', { value: p }, p)));
    sim.append(el('span', {}, 'シミュレーター:'), select,
      el('button', { type: 'button', class: 'secondary', 'data-sim': 'insert', onclick: () => run(name, () => client.sim.insert(name, select.value)) }, 'カードを置く'),
      el('button', { type: 'button', class: 'secondary', 'data-sim': 'remove', onclick: () => run(name, () => client.sim.remove(name)) }, 'カードを取る'));
  }
  if (sim) sim.hidden = !r.attached;
}

function openForm(name, kind) {
  forms.set(name, kind);
  renderReaders();
  document.querySelector(`[data-reader="${CSS.escape(name)}"] .form-slot input, [data-reader="${CSS.escape(name)}"] .form-slot select`)?.focus();
}

function form(name, kind) {
  const id = (suffix) => `${kind}-${suffix}-${[...known.keys()].indexOf(name)}`;
  const staff = el('input', { id: id('staff'), name: 'staff', required: true, maxlength: 64, autocomplete: 'name',
    value: localStorage.getItem(STAFF_KEY) ?? '' });
  const note = el('textarea', { id: id('note'), name: 'note', maxlength: 500, rows: 2 });
  const doc = kind === 'document'
    ? el('select', { id: id('kind'), name: 'document', required: true },
      Object.entries(DOCUMENT).map(([v, label]) => el('option', { value: v }, label)))
    : null;
  const f = el('form', {
    class: 'inline', 'data-form': kind, 'aria-label': kind === 'visual' ? '目視確認の記録' : '書類による確認の記録',
    onsubmit: (e) => {
      e.preventDefault();
      const who = staff.value.trim();
      if (!who) { staff.focus(); return; }
      localStorage.setItem(STAFF_KEY, who);
      const s = client.sessionOn(name);
      const sent = kind === 'visual'
        ? client.confirmVisual(s?.session ?? '', who, note.value.trim())
        : client.recordDocument({ reader: name, document: doc.value, staff: who, note: note.value.trim() });
      run(name, () => sent).then((ok) => { if (ok) { forms.delete(name); renderReaders(); } });
    },
  },
  kind === 'visual'
    ? el('p', {}, 'カードの顔写真と患者さんのお顔を見比べてから確定してください。')
    : el('p', {}, '患者さんが提示した書類を選んでください。'),
  doc ? el('label', { for: id('kind') }, '書類 / Document', doc) : null,
  el('label', { for: id('staff') }, '確認した職員 / Staff (required)', staff),
  el('label', { for: id('note') }, 'メモ(任意) / Note (optional)', note),
  el('div', { class: 'actions' },
    el('button', { type: 'submit', 'data-action': kind === 'visual' ? 'confirm-visual-submit' : 'document-submit' },
      kind === 'visual' ? '本人と確認しました' : '記録する'),
    el('button', { type: 'button', class: 'secondary', onclick: () => { forms.delete(name); renderReaders(); } }, '閉じる')));
  return f;
}

/**
 * 照合番号B, typed by staff from the card face: masked, digits only, 14 of them; checked here and by the
 * daemon before any VERIFY. The field is emptied as soon as the command is built.
 */
function cardCodeForm(name, camera) {
  const id = `cardcode-${[...known.keys()].indexOf(name)}`;
  const input = el('input', {
    id, name: 'code', type: 'password', inputmode: 'numeric', autocomplete: 'off', maxlength: 14, required: true,
    pattern: '[0-9]{14}', 'aria-describedby': `${id}-help`, spellcheck: 'false',
    oninput: () => { input.value = input.value.replace(/[^0-9]/g, '').slice(0, 14); count.textContent = `${input.value.length} / 14 桁`; },
  });
  const count = el('span', { class: 'muted', 'aria-live': 'polite' }, '0 / 14 桁');
  const f = el('form', {
    class: 'inline', 'data-form': 'cardcode', 'aria-label': '照合番号Bの入力',
    onsubmit: (e) => {
      e.preventDefault();
      const digits = input.value.split('');
      input.value = '';
      count.textContent = '0 / 14 桁';
      if (digits.length !== 14) {
        digits.fill('');
        run(name, () => Promise.reject(new Error('照合番号Bは14桁の数字です / 14 digits are needed')));
        return;
      }
      const s = client.sessionOn(name);
      const sent = client.submitCardCode(s?.session ?? '', digits);
      digits.fill('');
      run(name, () => sent);
    },
  },
  el('p', {}, camera
    ? '患者さんがキオスクのカメラにカード表面を向けています。読み取れればこの入力は不要です。読み取れないとき、'
      + '職員がカード表面の照合番号Bを入力してください(入力するとカメラでの読み取りは止まります)。'
    : '顔認証のため、カード表面の照合番号Bを入力してください(患者さんには入力を求めません)。'),
  el('label', { for: id }, '照合番号B(14桁) / Card verification number B', input),
  el('p', { id: `${id}-help`, class: 'muted' }, '生年月日(和暦 年月日 6桁)+ 有効期限の西暦年(4桁)+ セキュリティコード(4桁)。'
    + '間違えるとカードの残り回数が減ります。 / Birth date in the Japanese era (YYMMDD), expiry year (YYYY), security code.'),
  count,
  el('div', { class: 'actions' },
    el('button', { type: 'submit', 'data-action': 'card-code-submit' }, '照合番号を送る')));
  return f;
}

async function run(name, fn) {
  const card = document.querySelector(`[data-reader="${CSS.escape(name)}"]`);
  card?.querySelector('.actions .notice')?.remove();
  try {
    await fn();
    return true;
  } catch (e) {
    const text = e.text ? `${e.text.ja} (${e.code})` : String(e.message ?? e);
    card?.querySelector('.actions')?.append(el('p', { class: 'notice bad', role: 'alert' }, text));
    return false;
  }
}

// ---- results -----------------------------------------------------------------------------------

function addResult(r) {
  const entry = {
    time: r.finishedAt ?? r.time, reader: r.reader, session: r.session, outcome: r.outcome, method: r.method,
    reason: r.reason, document: r.document, staff: r.staff, consent: r.consent,
  };
  results.delete(entry.session);
  const newer = new Map([[entry.session, entry], ...results]);
  results.clear();
  for (const [k, v] of newer) if (results.size < 500) results.set(k, v);
}

function renderHistory() {
  const body = document.querySelector('#history tbody');
  if (!body) return;
  const note = document.getElementById('history-note');
  note.textContent = historyNote ?? '';
  const rows = [...results.values()].map((e) => el('tr', { 'data-session': e.session },
    el('td', {}, new Date(e.time).toLocaleTimeString('ja-JP', { hour: '2-digit', minute: '2-digit', second: '2-digit' })),
    el('td', {}, e.reader),
    el('td', { class: e.outcome }, OUTCOME[e.outcome] ?? e.outcome),
    el('td', {}, e.method ? METHOD[e.method] ?? e.method : ''),
    el('td', {}, e.reason ? REASON[e.reason] ?? e.reason : ''),
    el('td', {}, e.document ? DOCUMENT[e.document]?.replace(/(.*)/, '$1') ?? e.document : ''),
    el('td', {}, e.staff ?? ''),
    el('td', {}, e.consent ? Object.entries(e.consent).map(([k, v]) => `${CONSENT_SHORT[k] ?? k}${v ? '○' : '×'}`).join(' ') : '')));
  body.replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: 8, class: 'muted' }, 'まだありません / None yet'))]));
}

// ---- connection --------------------------------------------------------------------------------

function setConn(text, ok) {
  const c = document.getElementById('conn');
  c.textContent = text;
  c.className = ok ? 'ok' : 'bad';
}

async function start() {
  try {
    simulate = (await health()).simulate === true;
  } catch {
    simulate = false;
  }
  if (!token) { tokenForm(); return; }
  client = new MadoguchiClient({ token, client: 'reception-console' });
  client.on('connection', (c) => {
    if (c.state === 'open') {
      setConn('接続中 / Connected', true);
      clearAlert('connection');
      if (staffRole) loadHistory(); // after the replay: commands are taken once the connection is open
    }
    if (c.state === 'closed' && client.welcome) {
      setConn('切断 — 再接続しています / Reconnecting', false);
      alert('connection', 'デーモンとの接続が切れました。再接続しています… / Lost the connection to the daemon; reconnecting…');
    }
  });
  client.on('welcome', (w) => {
    staffRole = w.role === 'staff';
    if (!staffRole) {
      client.close();
      localStorage.removeItem(TOKEN_KEY);
      tokenForm('このトークンはスタッフ用ではありません(役割: ' + w.role + ')。正しいスタッフ用トークンを入力してください。'
        + ' / This token is not a staff token (role: ' + w.role + '). Enter the staff token.');
      return;
    }
    if (!document.getElementById('readers')) layout();
    for (const [name, r] of known) if (r.attached && !w.readers.some((x) => x.reader === name)) known.set(name, { ...r, attached: false, card: null });
    for (const r of w.readers) known.set(r.reader, r);
    renderReaders();
  });
  client.on('reader', (r) => {
    if (!staffRole) return;
    const before = known.get(r.reader);
    known.set(r.reader, r);
    if (!r.attached && before?.attached !== false) {
      alert(`detached:${r.reader}`, `読み取り機「${r.reader}」が外れました。ケーブルを確認してください / Reader "${r.reader}" was disconnected`);
    } else if (r.attached) {
      clearAlert(`detached:${r.reader}`);
    }
    renderReaders();
  });
  client.on('session', (s) => {
    if (!staffRole) return;
    if (s.notice === 'pin_blocked' && !alerted.has(s.session)) {
      alerted.add(s.session);
      alert(`pin:${s.session}`, `「${s.reader}」で暗証番号がロックされました。患者さんのところへ行き、目視確認をしてください`
        + ` / PIN blocked at "${s.reader}": please go to the patient and confirm visually`);
    }
    renderReaders();
  });
  client.on('result', (r) => {
    if (!staffRole) return;
    clearAlert(`pin:${r.session}`);
    addResult(r);
    renderHistory();
    renderReaders();
  });
  client.on('sessiongone', () => renderReaders());
  client.on('service', (sv) => {
    if (sv.pcsc === 'unavailable') {
      alert('pcsc', 'カード読み取りサービス(PC/SC)が停止しています。読み取り機は使えません。管理者に連絡してください'
        + ' / The PC/SC service is down: no reader works. Call your administrator');
    } else {
      clearAlert('pcsc');
    }
    if (sv.audit === 'failing') alert('audit', '監査ログを書き込めません(ディスクを確認してください) / The audit file cannot be written', 'warn');
    else clearAlert('audit');
  });
  setConn('接続中… / Connecting…', false);
  client.connect();
}

async function loadHistory() {
  try {
    const h = await client.history();
    historyNote = h.audit === 'off' ? '監査ファイルが無効(auditFile: off)のため、再起動前の結果は表示できません / The audit file is off: results before a restart are not shown' : null;
    const live = [...results.values()];
    results.clear();
    for (const e of h.entries) results.set(e.session, e);
    for (const e of live.reverse()) addResult({ ...e, finishedAt: e.time });
  } catch (e) {
    historyNote = `本日の履歴を読めませんでした / Could not load today's history (${e.code ?? 'error'})`;
  }
  renderHistory();
}

start();
window.madoguchiConsole = { client: () => client };
