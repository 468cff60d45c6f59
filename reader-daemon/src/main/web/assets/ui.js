// Small helpers shared by the pages: element building, language, fragment parameters, stored tokens.

/** el('button', {class: 'x', onclick: f}, 'text', child…) */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

/** Parameters of the URL fragment (#token=…&reader=…). */
export function fragmentParams() {
  return new URLSearchParams(location.hash.replace(/^#/, ''));
}

/**
 * Takes a token from the fragment into localStorage and removes it from the address bar (and so
 * from the history); returns the stored token (or null). Other fragment parameters stay.
 */
export function adoptToken(key) {
  const params = fragmentParams();
  const fromUrl = params.get('token');
  if (fromUrl) {
    localStorage.setItem(key, fromUrl);
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', location.pathname + (rest ? `#${rest}` : ''));
  }
  return localStorage.getItem(key);
}

/** The language the page shows ('ja' or 'en'), remembered per page. */
export function language(key) {
  return localStorage.getItem(key) === 'en' ? 'en' : 'ja';
}

/** A text of {ja, en} in the chosen language. */
export function pick(text, lang) {
  if (!text) return '';
  return typeof text === 'string' ? text : (text[lang] ?? text.ja);
}

export async function health() {
  const r = await fetch('/health', { cache: 'no-store' });
  return r.json();
}
