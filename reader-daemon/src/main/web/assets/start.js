// The start page: what runs here, and (in --simulate) links that carry the public simulator tokens.
import { health } from '/assets/ui.js';

const status = document.getElementById('status');
try {
  const h = await health();
  const readers = h.readers?.length ?? 0;
  status.textContent = `稼働中 / running — version ${h.version}, backend ${h.backend}, `
    + `読み取り機 ${readers} 台 / ${readers} reader(s), 監査ログ / audit: ${h.audit}`
    + (h.simulate ? ' — シミュレーター / simulator' : '');
  document.getElementById('simulate').hidden = h.simulate !== true;
} catch {
  status.textContent = 'デーモンの状態を読めませんでした / Could not read the daemon status (/health)';
}
