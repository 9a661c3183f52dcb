import assert from 'node:assert/strict';
import test from 'node:test';
import { HostBridge } from '../../../main/resources/web/chat/host-bridge.js';

function fakeWindows() {
  const posted = [];
  const parent = { postMessage: (data, origin) => posted.push([data, origin]) };
  let listener;
  const win = { parent, addEventListener: (type, fn) => { if (type === 'message') listener = fn; } };
  const deliver = (data, { source = parent, origin = 'https://shop.example' } = {}) => listener({ data, source, origin });
  return { win, parent, posted, deliver };
}

test('ready_goes_to_any_origin_because_it_carries_nothing', () => {
  const { win, posted } = fakeWindows();
  new HostBridge(win).announceReady();
  assert.deepEqual(posted, [[{ parley: 'ready' }, '*']]);
});

test('init_fixes_the_host_origin_and_later_posts_go_only_there', async () => {
  const { win, posted, deliver } = fakeWindows();
  const bridge = new HostBridge(win);
  const init = bridge.waitForInit();
  deliver({ parley: 'init', token: 't', page: { url: 'https://shop.example/' } });
  assert.equal((await init).token, 't');
  bridge.post({ parley: 'token', token: 'new' });
  assert.deepEqual(posted.at(-1), [{ parley: 'token', token: 'new' }, 'https://shop.example']);
});

test('messages_from_other_windows_or_origins_are_ignored', async () => {
  const { win, deliver } = fakeWindows();
  const bridge = new HostBridge(win);
  const seen = [];
  bridge.on('open', () => seen.push('open'));
  deliver({ parley: 'init', token: 'evil' }, { source: {} });
  assert.equal(bridge.hostOrigin, null);
  deliver({ parley: 'init', token: null });
  deliver({ parley: 'open' }, { origin: 'https://evil.example' });
  deliver({ parley: 'open' }, { source: {} });
  deliver('open');
  deliver({ parley: 'open' });
  assert.deepEqual(seen, ['open']);
});

test('nothing_is_posted_before_init', () => {
  const { win, posted } = fakeWindows();
  new HostBridge(win).post({ parley: 'status', online: true });
  assert.deepEqual(posted, []);
});

test('a_popup_has_no_parent_to_talk_to', () => {
  const win = { addEventListener() {} };
  win.parent = win;
  const bridge = new HostBridge(win);
  assert.equal(bridge.embedded, false);
  bridge.announceReady();
});
