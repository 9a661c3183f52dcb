// Agent console entry point: loads the strings, restores or starts a session, turns the store into
// views and the views' events into actions. State lives in the store (server data), the panel
// layout (open chats) and `ui` (forms, drafts, route); rendering is batched per task.

import { render, html } from '/vendor/lit-html/lit-html.js';
import { t, plural, loadMessages, pickLocale } from './i18n.js';
import { api, ApiError, NetworkError, lockMinutes } from './api.js';
import { loadToken, saveToken, clearToken } from './session.js';
import { ConsoleStore } from './store.js';
import { ServerClock } from './clock.js';
import { PanelLayout, panelsThatFit } from './panels.js';
import { AgentSocket, socketUrl } from './socket.js';
import { ConsoleSync } from './sync.js';
import { backgroundSafeTimers } from './ticker.js';
import { loginView } from './views/login.js';
import { headerView } from './views/header.js';
import { inboxView } from './views/inbox.js';
import { settingsView } from './views/settings.js';
import { engagementView } from './views/engagement.js';
import { messagesView } from './views/messages.js';
import { offlineSettingsView } from './views/settings-offline.js';
import { LeftMessages } from './left-messages.js';
import { OfflineSettings } from './offline-settings.js';

const root = document.getElementById('app');
const panels = new PanelLayout(panelsThatFit(window.innerWidth));
const ui = {
  view: 'boot', // boot | login | main
  route: routeFromHash(),
  login: { busy: false, error: null, info: null },
  loggingOut: false,
  drafts: new Map(),
  settings: emptySettingsState(),
  engagement: emptyEngagementState(),
  invites: new Map(), // visitorId -> {editing, text, busy, error, previousId}
  inviteAll: null, // {editing, text, busy, error, broadcastsBefore} while written or sent, then {result: count}
  visitorScroll: { top: 0, height: 0 }, // the visitor list's viewport, for its virtual list
};
const INVITE_ANSWER_TIMEOUT_MS = 15000;
let ruleKeys = 0;
let session = null; // {token, store, clock, socket, sync}
let renderQueued = false;
const scrollToEnd = new Set();
let focusAfterRender = null;

// ---- session lifecycle -------------------------------------------------------------------------

let sharedHeartbeatTimers = null;
function heartbeatTimers() {
  sharedHeartbeatTimers ??= backgroundSafeTimers();
  return sharedHeartbeatTimers;
}

function startSession(token, identity) {
  const store = new ConsoleStore();
  const clock = new ServerClock();
  if (identity) store.setIdentity(identity.agent, identity.site);
  const socket = new AgentSocket({
    url: socketUrl(),
    token: () => session?.token ?? null,
    onFrame: (frame) => {
      session?.sync.handleFrame(frame);
      session?.leftMessages.handleFrame(frame);
    },
    onState: (state) => store.setConnection(state),
    heartbeatTimers: heartbeatTimers(),
    onRejected: (code) => endSession(code === 'not_authenticated' ? t('console.login.sessionExpired') : t(`console.login.rejected.${code}`)),
  });
  const sync = new ConsoleSync({ store, socket, clock, isVisible: isPanelSeen });
  sync.onInviteError = inviteRefused;
  const offlineHooks = { token: () => session?.token ?? null, onChange: scheduleRender, onAuthFailure: sessionEndedBy };
  const leftMessages = new LeftMessages(offlineHooks);
  const offlineSettings = new OfflineSettings(offlineHooks);
  session = { token, store, clock, socket, sync, leftMessages, offlineSettings };
  store.subscribe(scheduleRender);
  ui.view = 'main';
  sync.start();
  socket.start();
  leftMessages.load('new'); // the header's badge counts new messages on every page
  if (ui.route === 'settings') loadSettings();
  scheduleRender();
}

/** Back to the login form; `info` says why when the agent did not ask for it. */
function endSession(info = null) {
  if (session) {
    session.socket.stop();
    session.sync.stop();
  }
  session = null;
  clearToken();
  panels.openIds.slice().forEach((id) => panels.close(id));
  ui.drafts.clear();
  ui.settings = emptySettingsState();
  ui.engagement = emptyEngagementState();
  ui.invites.clear();
  ui.inviteAll = null;
  ui.loggingOut = false;
  ui.view = 'login';
  ui.login = { busy: false, error: null, info };
  focusAfterRender = '[data-testid="login-email"]';
  scheduleRender();
}

async function submitLogin(email, password) {
  if (!email || !password) {
    ui.login = { busy: false, error: t('console.login.missingFields'), info: null };
    scheduleRender();
    return;
  }
  ui.login = { busy: true, error: null, info: null };
  scheduleRender();
  try {
    const answer = await api.login(email, password);
    saveToken(answer.token);
    ui.login = { busy: false, error: null, info: null };
    startSession(answer.token, answer);
  } catch (error) {
    ui.login = { busy: false, error: loginErrorText(error), info: null };
    focusAfterRender = '[data-testid="login-password"]';
    scheduleRender();
  }
}

function loginErrorText(error) {
  if (error instanceof ApiError && error.status === 401) return t('console.login.invalid');
  if (error instanceof ApiError && error.status === 429) {
    const minutes = lockMinutes(error);
    return minutes === null ? t('console.login.lockedLater') : plural('console.login.locked', minutes);
  }
  if (error instanceof NetworkError) return t('console.login.networkError');
  if (error instanceof ApiError) return t('console.error.http', { status: error.status });
  return t('console.login.networkError');
}

async function logout() {
  if (!session || ui.loggingOut) return;
  ui.loggingOut = true;
  scheduleRender();
  const { token } = session;
  session.socket.stop();
  try {
    await api.logout(token);
  } catch {
    // The token is forgotten locally either way; the server expires it on its own.
  }
  endSession();
}

// ---- chats -------------------------------------------------------------------------------------

/** A panel counts as read only if the agent can actually see it. */
function isPanelSeen(conversationId) {
  return document.visibilityState === 'visible' && effectiveRoute() === 'inbox' && panels.isVisible(conversationId);
}

const NARROW = '(max-width: 640px)';

function openChat(conversationId) {
  if (!session) return;
  // On a narrow screen the visitor detail covers everything: the chat the agent asked for must not open behind it.
  if (window.matchMedia?.(NARROW).matches && session.store.visitorDetail) closeVisitor();
  if (effectiveRoute() !== 'inbox') location.hash = '#/';
  panels.open(conversationId);
  session.sync.openConversation(conversationId);
  scrollToEnd.add(conversationId);
  focusAfterRender = `${panelSelector(conversationId)} [data-testid="composer"]`;
  scheduleRender();
  session.sync.readVisible();
}

function closeChat(conversationId) {
  if (!session) return;
  panels.close(conversationId);
  session.sync.closeConversation(conversationId);
  focusAfterRender = `[data-testid="conversation-row"][data-conversation-id="${CSS.escape(conversationId)}"]`;
  scheduleRender();
  session.sync.readVisible(); // a panel that was hidden may now be shown
}

function send(conversationId, textarea) {
  if (!session) return;
  const text = textarea.value;
  if (!session.sync.sendMessage(conversationId, text)) return;
  ui.drafts.set(conversationId, '');
  textarea.value = '';
  scrollToEnd.add(conversationId);
  scheduleRender();
}

function composerInput(conversationId, value) {
  ui.drafts.set(conversationId, value);
  session?.sync.noteComposerInput(conversationId, value);
}

/** A refused message goes back into the composer so the agent can shorten or fix it. */
function editFailed(clientId) {
  const pending = session?.store.pending.get(clientId);
  if (!pending) return;
  const draft = ui.drafts.get(pending.conversationId) ?? '';
  ui.drafts.set(pending.conversationId, draft ? `${draft}\n${pending.text}` : pending.text);
  session.sync.discardMessage(clientId);
  session.store.clearNotice(pending.conversationId);
  focusAfterRender = `${panelSelector(pending.conversationId)} [data-testid="composer"]`;
  scheduleRender();
}

function discardFailed(clientId) {
  const pending = session?.store.pending.get(clientId);
  if (!pending) return;
  session.sync.discardMessage(clientId);
  session.store.clearNotice(pending.conversationId);
}

function togglePresence() {
  if (!session?.store.agent) return;
  session.sync.setPresence(session.store.agent.status === 'away' ? 'online' : 'away');
}

function panelSelector(conversationId) {
  return `[data-testid="chat-panel"][data-conversation-id="${CSS.escape(conversationId)}"]`;
}

// ---- invitations -------------------------------------------------------------------------------

/** The invitation is written in the visitor's detail panel, which opens for it. */
function startInvite(visitorId) {
  ui.invites.set(visitorId, { editing: true, busy: false, error: null });
  if (session?.store.visitorDetail?.visitorId !== visitorId) showVisitor(visitorId);
  focusAfterRender = '[data-testid="visitor-detail"] [data-testid="invite-text"]';
  scheduleRender();
}

function cancelInvite(visitorId) {
  ui.invites.delete(visitorId);
  scheduleRender();
}

function sendInvite(visitorId, text) {
  const draft = ui.invites.get(visitorId);
  if (!session || !draft || draft.busy) return;
  draft.text = text;
  if (!text.trim()) {
    draft.error = t('console.invite.empty');
  } else if (!session.socket.send({ type: 'invitation.send', visitorId, text })) {
    draft.error = t('console.invite.offline');
  } else {
    const sentAt = Date.now();
    Object.assign(draft, { busy: true, error: null, sentAt, previousId: session.store.visitors.get(visitorId)?.invitation?.id ?? null });
    setTimeout(() => {
      if (ui.invites.get(visitorId)?.sentAt !== sentAt || !draft.busy) return;
      Object.assign(draft, { busy: false, error: t('console.invite.noAnswer') });
      scheduleRender();
    }, INVITE_ANSWER_TIMEOUT_MS);
  }
  scheduleRender();
}

/**
 * An error frame naming a visitor we are inviting (gone, already chatting, bad text): shown at that row. One with
 * ref "all" (the site's limit on invitations to all, bad text) is shown in the invite-all form.
 */
function inviteRefused(error) {
  if (!error.ref) return false;
  const draft = error.ref === 'all' ? ui.inviteAll : ui.invites.get(error.ref);
  if (!draft?.busy) return false;
  Object.assign(draft, { busy: false, error: error.message || error.code });
  scheduleRender();
  return true;
}

/**
 * An invite is done once the visitor row shows a new invitation from the server; an invitation to all once this agent's
 * broadcast summary has come back, which says how many it reached.
 */
function settleInvites(store) {
  for (const [visitorId, draft] of ui.invites) {
    const invitation = store.visitors.get(visitorId)?.invitation;
    if (draft.busy && invitation && invitation.id !== draft.previousId) ui.invites.delete(visitorId);
  }
  const draft = ui.inviteAll;
  const broadcast = store.lastBroadcast;
  // This agent's summary with this text: another tab of the same agent may have sent one a moment before.
  if (draft?.busy && broadcast && broadcast.seq > draft.broadcastsBefore && broadcast.agentId === store.agent?.id
      && broadcast.text.trim() === draft.text.trim()) {
    ui.inviteAll = { result: broadcast.count };
    focusAfterRender = '[data-testid="invite-all-result"] button'; // the form that had focus is gone
  }
  if (draft?.error === t('console.invite.offline') && store.connection === 'online') draft.error = null;
}

function startInviteAll() {
  ui.inviteAll = { editing: true, busy: false, error: null };
  focusAfterRender = '[data-testid="invite-all-form"] [data-testid="invite-text"]';
  scheduleRender();
}

function cancelInviteAll() {
  ui.inviteAll = null;
  focusAfterRender = '[data-testid="invite-all"]';
  scheduleRender();
}

function sendInviteAll(text) {
  const draft = ui.inviteAll;
  if (!session || !draft?.editing || draft.busy) return;
  draft.text = text;
  if (!text.trim()) {
    draft.error = t('console.invite.empty');
  } else if (!session.socket.send({ type: 'invitation.send', all: true, text })) {
    draft.error = t('console.invite.offline');
  } else {
    Object.assign(draft, { busy: true, error: null, broadcastsBefore: session.store.lastBroadcast?.seq ?? 0 });
    setTimeout(() => {
      if (ui.inviteAll !== draft || !draft.busy) return;
      Object.assign(draft, { busy: false, error: t('console.invite.noAnswer') });
      scheduleRender();
    }, INVITE_ANSWER_TIMEOUT_MS);
  }
  scheduleRender();
}

function showVisitor(visitorId) {
  session?.sync.openVisitorDetail(visitorId);
}

function closeVisitor() {
  const id = session?.store.visitorDetail?.visitorId;
  session?.store.closeVisitorDetail();
  if (id) focusAfterRender = `[data-testid="visitor-row"][data-visitor-id="${CSS.escape(id)}"] [data-testid="visitor-name"]`;
}

function visitorsScrolled(list) {
  ui.visitorScroll = { top: list.scrollTop, height: list.clientHeight };
  scheduleRender();
}

const chatActions = {
  startInvite,
  cancelInvite,
  sendInvite,
  startInviteAll,
  cancelInviteAll,
  sendInviteAll,
  openChat,
  showVisitor,
  closeVisitor,
  visitorsScrolled,
  closeChat,
  send,
  composerInput,
  editFailed,
  discardFailed,
  dismissNotice: (conversationId) => session?.store.clearNotice(conversationId),
};

// ---- settings ----------------------------------------------------------------------------------

function emptySettingsState() {
  return { loading: false, loadError: null, data: null, saving: false, saveError: null, saved: false, adding: false, addError: null, added: null };
}

function emptyEngagementState() {
  return { loadError: null, rules: null, prechat: null, savingRules: false, rulesError: null, rulesSaved: false, savingPrechat: false, prechatError: null, prechatSaved: false };
}

async function loadEngagement() {
  if (!session) return;
  ui.engagement = emptyEngagementState();
  try {
    const [rules, prechat] = await Promise.all([api.loadInviteRules(session.token), api.loadPrechat(session.token)]);
    ui.engagement = { ...ui.engagement, rules: withKeys(rules?.rules ?? []), prechat: prechat ?? {} };
  } catch (error) {
    if (sessionEndedBy(error)) return;
    ui.engagement = { ...ui.engagement, loadError: settingsErrorText(error) };
  }
  scheduleRender();
}

function withKeys(rules) {
  return rules.map((rule) => ({ ...rule, key: ++ruleKeys }));
}

async function saveRules(rules) {
  if (!session || ui.engagement.savingRules) return;
  ui.engagement = { ...ui.engagement, savingRules: true, rulesError: null, rulesSaved: false };
  scheduleRender();
  try {
    const answer = await api.saveInviteRules(session.token, { rules });
    ui.engagement = { ...ui.engagement, savingRules: false, rulesSaved: true, rules: withKeys(answer?.rules ?? rules) };
  } catch (error) {
    if (sessionEndedBy(error)) return;
    ui.engagement = { ...ui.engagement, savingRules: false, rulesError: settingsErrorText(error) };
  }
  scheduleRender();
}

async function savePrechat(form) {
  if (!session || ui.engagement.savingPrechat) return;
  ui.engagement = { ...ui.engagement, savingPrechat: true, prechatError: null, prechatSaved: false };
  scheduleRender();
  try {
    const answer = await api.savePrechat(session.token, form);
    ui.engagement = { ...ui.engagement, savingPrechat: false, prechatSaved: true, prechat: answer ?? form };
  } catch (error) {
    if (sessionEndedBy(error)) return;
    ui.engagement = { ...ui.engagement, savingPrechat: false, prechatError: settingsErrorText(error) };
  }
  scheduleRender();
}

const engagementActions = {
  addRule() {
    const fresh = { enabled: true, urlPattern: '', minSecondsOnPage: 30, minPageViews: 0, maxPerVisitor: 1, capHours: 24, text: t('console.invite.defaultText') };
    ui.engagement = { ...ui.engagement, rules: [...ui.engagement.rules, ...withKeys([fresh])], rulesSaved: false };
    scheduleRender();
  },
  removeRule(key) {
    ui.engagement = { ...ui.engagement, rules: ui.engagement.rules.filter((rule) => rule.key !== key), rulesSaved: false };
    scheduleRender();
  },
  saveRules,
  savePrechat,
};

async function loadSettings() {
  if (!session) return;
  loadEngagement();
  session.offlineSettings.load();
  ui.settings = { ...emptySettingsState(), loading: true };
  scheduleRender();
  try {
    const data = await api.loadSettings(session.token);
    ui.settings = { ...ui.settings, loading: false, data };
  } catch (error) {
    if (sessionEndedBy(error)) return;
    ui.settings = { ...ui.settings, loading: false, loadError: settingsErrorText(error) };
  }
  scheduleRender();
}

async function saveSettings(values) {
  if (!session || ui.settings.saving) return;
  const previous = ui.settings.data;
  const body = { greeting: values.greeting, color: values.color, allowedOrigins: values.allowedOrigins };
  ui.settings = { ...ui.settings, saving: true, saveError: null, saved: false };
  scheduleRender();
  try {
    const data = await api.saveSettings(session.token, body);
    ui.settings = { ...ui.settings, saving: false, saved: true, data: { ...previous, ...(data ?? body) } };
  } catch (error) {
    if (sessionEndedBy(error)) return;
    ui.settings = { ...ui.settings, saving: false, saveError: settingsErrorText(error) };
  }
  scheduleRender();
}

async function addAgent(values, form) {
  if (!session || ui.settings.adding) return;
  if (!values.email || !values.name || !values.password) {
    ui.settings = { ...ui.settings, addError: t('console.agents.missingFields'), added: null };
    scheduleRender();
    return;
  }
  ui.settings = { ...ui.settings, adding: true, addError: null, added: null };
  scheduleRender();
  try {
    const answer = await api.addAgent(session.token, values);
    const agent = answer?.agent ?? { email: values.email, name: values.name, role: 'agent' };
    const data = ui.settings.data;
    ui.settings = { ...ui.settings, adding: false, added: agent.name ?? values.name, data: { ...data, agents: [...(data.agents ?? []), agent] } };
    form.reset();
    focusAfterRender = '[data-testid="agent-email"]';
  } catch (error) {
    if (sessionEndedBy(error)) return;
    const text = error instanceof ApiError && error.status === 409 ? t('console.agents.emailTaken') : settingsErrorText(error);
    ui.settings = { ...ui.settings, adding: false, addError: text };
  }
  scheduleRender();
}

function settingsErrorText(error) {
  if (error instanceof NetworkError) return t('console.error.network');
  if (error instanceof ApiError && error.status === 403) return t('console.settings.ownersOnly');
  if (error instanceof ApiError && error.status === 400 && error.serverMessage) return error.serverMessage;
  if (error instanceof ApiError && error.status === 413) return t('console.error.tooLarge');
  if (error instanceof ApiError) return error.serverMessage ?? t('console.error.http', { status: error.status });
  return t('console.error.network');
}

/** A 401 on any call means the token is no longer valid. */
function sessionEndedBy(error) {
  if (error instanceof ApiError && error.status === 401) {
    endSession(t('console.login.sessionExpired'));
    return true;
  }
  return false;
}

const settingsActions = { reload: loadSettings, save: saveSettings, addAgent };

const messageActions = {
  load: (filter) => session?.leftMessages.load(filter),
  setHandled: (id, handled) => session?.leftMessages.setHandled(id, handled),
  toggleReply: (id) => {
    session?.leftMessages.toggleReply(id);
    focusAfterRender = `[data-message-id="${CSS.escape(id)}"] [data-testid="reply-text"]`;
  },
  noteDraft: (id, text) => session?.leftMessages.noteDraft(id, text),
  reply: (id, text) => session?.leftMessages.reply(id, text),
  errorText: settingsErrorText,
};

// ---- routing and rendering -----------------------------------------------------------------------

/** Settings is for owners; anyone else who lands on its URL sees the inbox. */
function effectiveRoute() {
  if (ui.route === 'messages') return 'messages';
  return ui.route === 'settings' && session?.store.agent?.role === 'owner' ? 'settings' : 'inbox';
}

function routeFromHash() {
  if (location.hash === '#/messages') return 'messages';
  return location.hash === '#/settings' ? 'settings' : 'inbox';
}

function onHashChange() {
  const route = routeFromHash();
  if (route === ui.route) return;
  ui.route = route;
  if (route === 'settings' && session) loadSettings();
  if (route === 'messages' && session) session.leftMessages.load(session.leftMessages.filter);
  scheduleRender();
  session?.sync.readVisible();
}

function scheduleRender() {
  if (renderQueued) return;
  renderQueued = true;
  queueMicrotask(() => {
    renderQueued = false;
    renderNow();
  });
}

function renderNow() {
  const stuckToEnd = listsAtEnd();
  render(appView(), root);
  for (const list of root.querySelectorAll('.message-list')) {
    const id = list.dataset.conversationId;
    if (!stuckToEnd.has(id) || stuckToEnd.get(id) || scrollToEnd.has(id)) list.scrollTop = list.scrollHeight;
  }
  scrollToEnd.clear();
  measureVisitorList();
  if (focusAfterRender) {
    root.querySelector(focusAfterRender)?.focus();
    focusAfterRender = null;
  }
  updateTitle();
}

/** The virtual list needs its viewport's height; it changes with the window, so it is read after each render. */
function measureVisitorList() {
  const list = root.querySelector('[data-testid="visitor-list"]');
  if (!list) return;
  if (list.clientHeight !== ui.visitorScroll.height || list.scrollTop !== ui.visitorScroll.top) {
    ui.visitorScroll = { top: list.scrollTop, height: list.clientHeight };
    scheduleRender();
  }
}

/** Lists the agent has scrolled up in keep their position; lists at the end follow new messages. */
function listsAtEnd() {
  const atEnd = new Map();
  for (const list of root.querySelectorAll('.message-list')) {
    atEnd.set(list.dataset.conversationId, list.scrollHeight - list.scrollTop - list.clientHeight < 48);
  }
  return atEnd;
}

function updateTitle() {
  const unread = session?.store.totalUnread() ?? 0;
  document.title = unread > 0 ? t('console.titleUnread', { count: unread }) : t('console.title');
}

function appView() {
  if (ui.view === 'boot') return html``;
  if (ui.view === 'login' || !session) return loginView(ui.login, { submit: submitLogin });
  const { store } = session;
  const route = effectiveRoute();
  const header = headerView(
    { agent: store.agent, site: store.site, connection: store.connection, route, loggingOut: ui.loggingOut, newMessages: session.leftMessages.counts.new ?? 0 },
    { togglePresence, logout },
  );
  if (route === 'settings') {
    const extra = html`${engagementView(ui.engagement, engagementActions)}${offlineSettingsView(session.offlineSettings, { errorText: settingsErrorText })}`;
    return html`${header}${settingsView(ui.settings, settingsActions, extra)}`;
  }
  if (route === 'messages') return html`${header}${messagesView(session.leftMessages, messageActions)}`;
  settleInvites(store);
  return html`${header}${inboxView(inboxState(store), chatActions)}`;
}

function inboxState(store) {
  const visiblePanels = panels
    .visibleIds()
    .map((id) => panelState(store, id))
    .filter(Boolean);
  return {
    conversations: store.conversationList(),
    visitors: store.visitorList(),
    invites: ui.invites,
    inviteAll: ui.inviteAll,
    visitorScroll: ui.visitorScroll,
    selectedVisitorId: store.visitorDetail?.visitorId ?? null,
    visitorDetail: store.visitorDetail,
    isOpen: (id) => panels.isOpen(id),
    isVisitorOnline: (id) => store.isVisitorOnline(id),
    elapsedSince: (serverMs) => session.clock.elapsedSince(serverMs),
    visiblePanels,
    hasHiddenPanels: panels.hasHidden(),
    openTabs: panels.openIds.map((id) => {
      const conversation = store.conversations.get(id);
      return { id, name: conversation?.visitorName || t('console.conversations.unknownVisitor'), unread: conversation?.unread ?? 0, visible: panels.isVisible(id) };
    }),
    globalNotice: store.globalNotice,
  };
}

function panelState(store, id) {
  const conversation = store.conversations.get(id) ?? { id, visitorName: '', lastSeq: 0, unread: 0 };
  return {
    conversation,
    visitor: conversation.visitorId ? store.visitors.get(conversation.visitorId) ?? null : null,
    thread: store.thread(id),
    pending: store.pendingFor(id),
    typingAuthors: store.typingAuthors(id),
    notice: store.notice(id),
    draft: ui.drafts.get(id) ?? '',
    ownAgentId: store.agent?.id,
  };
}

// ---- boot --------------------------------------------------------------------------------------

function watchEnvironment() {
  window.addEventListener('hashchange', onHashChange);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') session?.sync.readVisible();
  });
  window.addEventListener('online', () => session?.socket.reconnectNow());
  window.addEventListener('resize', () => {
    const fit = panelsThatFit(window.innerWidth);
    if (fit === panels.maxVisible) return;
    panels.setMaxVisible(fit);
    scheduleRender();
    session?.sync.readVisible();
  });
  // Time on site ticks every second; only the changed text nodes are touched.
  setInterval(() => {
    if (session && effectiveRoute() === 'inbox') scheduleRender();
  }, 1000);
}

async function boot() {
  const locale = await loadMessages(pickLocale(navigator.language));
  document.documentElement.lang = locale;
  watchEnvironment();
  const token = loadToken();
  if (token) {
    saveToken(token); // a new tab adopts the stored login for itself
    startSession(token, null);
  } else {
    ui.view = 'login';
    focusAfterRender = '[data-testid="login-email"]';
    scheduleRender();
  }
}

boot();
