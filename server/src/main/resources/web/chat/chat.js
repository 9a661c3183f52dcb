/**
 * Visitor chat page: runs inside the embed's iframe, or on its own as a popup
 * (/chat?site=KEY), in which case there is no host page and the visitor token
 * lives in this origin's localStorage.
 */
import { Connection } from './connection.js';
import { HostBridge } from './host-bridge.js';
import { InvitationCard } from './invitation.js';
import { PrechatPanel, prechatNeeded } from './prechat.js';
import { createTranslator, ENGLISH, loadStrings, pickLanguage } from './i18n.js';
import { MessageStore } from './message-store.js';
import { Outbox } from './outbox.js';
import { ChatSession } from './session.js';
import { checkDraft } from './text.js';
import { ChatView } from './view.js';
import { LeaveMessageForm, postLeaveMessage } from './leave-message.js';

const TOKEN_KEY_PREFIX = 'parley:visitor:';
const OUTBOX_KEY_PREFIX = 'parley:outbox:';
const NOTICE_AUTO_HIDE_MS = 8000;

start();

function start() {
  const site = new URLSearchParams(location.search).get('site') ?? '';
  const lang = pickLanguage(navigator.language);
  document.documentElement.lang = lang;

  const bridge = new HostBridge(window);
  const app = {
    site,
    bridge,
    t: createTranslator(ENGLISH),
    view: null,
    store: null,
    session: null,
    isOpen: !bridge.embedded,
    unread: 0,
    agentsOnline: false,
    offlineReason: null,
    token: null,
    leaveMessage: null,
    color: null,
    page: null,
    prechatForm: null, // the site's pre-chat settings, null when it asks nothing
    contact: null, // the visitor's pre-chat answers, once given
    hasConversation: false,
    invitation: null, // the pending invitation, {id, agent, text}
    prechat: null,
    invitationCard: null,
  };
  app.view = new ChatView(document, app.t);
  listenToHost(app);
  bridge.announceReady();
  listenForEscape(app);

  loadStrings(lang).then((strings) => {
    app.t = createTranslator(strings);
    app.view.setTranslator(app.t);
    app.prechat?.setTranslator(app.t);
    app.invitationCard?.setTranslator(app.t);
    app.leaveMessage?.setTranslator(app.t);
    if (app.store) app.view.renderMessages(app.store.entries());
  });

  if (!site) {
    app.view.showConnection('offline');
    app.view.showNotice({ code: 'missing_site', text: app.t('chat.error.missing_site') });
    app.view.setComposerEnabled(false);
    return;
  }
  const identity = bridge.embedded
    ? bridge.waitForInit().then((init) => embeddedIdentity(init, bridge.hostOrigin))
    : Promise.resolve(standaloneIdentity(site));
  identity.then((id) => startChat(app, app.page ? { ...id, page: app.page } : id));
}

function startChat(app, identity) {
  const { site, view, bridge } = app;
  const store = new MessageStore();
  const outbox = new Outbox(sessionStorageOrNull(), OUTBOX_KEY_PREFIX + site);
  const session = new ChatSession({ site, identity, store, outbox, ui: sessionUi(app) });
  const connection = new Connection({
    url: `${location.origin.replace(/^http/, 'ws')}/ws`,
    handlers: {
      onOpen: () => session.handleOpen(),
      onFrame: (frame) => session.handleFrame(frame),
      onClose: () => session.handleClose(),
      onStateChange: (state) => view.showConnection(state),
    },
  });
  session.attach(connection);
  app.store = store;
  app.session = session;
  app.prechat = new PrechatPanel(document, app.t, {
    before: view.composerElement,
    onSubmit: (answers) => session.identify(answers),
  });
  app.invitationCard = new InvitationCard(document, app.t, {
    before: view.composerElement,
    onAnswer: (id, accepted) => answerInvitation(app, id, accepted),
  });
  app.leaveMessage = new LeaveMessageForm({
    doc: document,
    container: view.scroller,
    t: (key, params) => app.t(key, params),
    submit: (values) => postLeaveMessage({ site, token: app.token, ...values }),
  });

  if (bridge.embedded) view.showCloseButton(() => closeWindow(app));
  bindComposer(app);
  view.renderMessages(store.entries(), { scrollToEnd: true });
  connection.start();
}

function sessionUi(app) {
  const { view } = app;
  return {
    onWelcome({ site, agentsOnline, offlineReason, contact, hasConversation }) {
      showSite(app, site);
      app.contact = contact;
      app.hasConversation = hasConversation;
      app.leaveMessage.setMaxText(app.session.maxTextLength);
      showAvailability(app, agentsOnline, offlineReason);
      postStatus(app);
      updateForms(app);
    },
    onSiteUpdated(site) {
      showSite(app, site);
      postStatus(app);
      updateForms(app);
    },
    onInvitation(invitation) {
      showInvitation(app, invitation);
    },
    onInvitationClosed(id) {
      if (app.invitation?.id !== id) return;
      app.invitation = null;
      app.invitationCard.hide(id);
      app.bridge.post({ parley: 'invitation-closed', id });
    },
    onIdentified(contact) {
      app.contact = contact;
      updateForms(app);
      if (!app.prechat.visible) view.focusComposer();
    },
    onFieldError({ field, message }) {
      app.prechat.fieldError(field, message);
    },
    onPrechatRequired() {
      app.contact = null;
      updateForms(app);
    },
    onToken(token) {
      app.token = token;
      if (app.bridge.embedded) app.bridge.post({ parley: 'token', token });
      else writeStorage(localStorageOrNull(), TOKEN_KEY_PREFIX + app.site, token);
    },
    onAgentsStatus(online, offlineReason) {
      showAvailability(app, online, offlineReason);
      postStatus(app);
    },
    onMessagesChanged({ added, live }) {
      view.renderMessages(app.store.entries());
      if (!app.hasConversation && app.session.conversationId) {
        app.hasConversation = true;
        updateForms(app);
      }
      if (live && !app.isOpen) countUnread(app, added);
    },
    onTyping(authors) {
      view.showTyping(authors);
    },
    onNotice(notice) {
      showErrorNotice(app, notice);
    },
    onNoticeResolved(code) {
      view.resolveNotice(code);
    },
    onFatal(code) {
      showErrorNotice(app, { code });
      view.setComposerEnabled(false);
      // Embedded: the chat can no longer work on this page at all, so the launcher goes away instead of promising it.
      app.bridge.post({ parley: 'disabled', code });
    },
  };
}

/** Live switch between the chat composer and the leave-a-message form; the history stays visible either way. */
function showAvailability(app, online, offlineReason) {
  app.agentsOnline = online;
  app.offlineReason = online ? null : offlineReason ?? 'no_agents';
  app.view.showAgentsOnline(online, app.offlineReason);
  updateForms(app);
}

function showSite(app, site) {
  app.view.showSite(site);
  if (typeof site.color === 'string') app.color = site.color;
  app.prechatForm = site.prechat && typeof site.prechat === 'object' ? site.prechat : null;
}

/**
 * What replaces the composer: the leave-a-message form while nobody can answer, else the pre-chat form before the
 * first message when the site asks for one; the composer otherwise.
 */
function updateForms(app) {
  if (!app.prechat || !app.leaveMessage) return; // not started yet (missing site)
  if (!app.agentsOnline) {
    app.prechat.hide();
    app.view.setComposerVisible(false);
    app.leaveMessage.show(app.offlineReason);
    return;
  }
  app.leaveMessage.hide();
  const needed = !app.hasConversation && prechatNeeded(app.prechatForm, app.contact);
  if (needed && !app.prechat.visible) {
    app.prechat.show(app.prechatForm, app.contact ?? {});
    if (app.isOpen) app.prechat.focus();
  } else if (needed) {
    app.prechat.show(app.prechatForm, app.contact ?? {}); // settings changed: redraw, typed values kept
  } else {
    app.prechat.hide();
  }
  app.view.setComposerVisible(!needed);
}

/** In the launcher's bubble while the window is closed; inside the window when it is open or a popup. */
function showInvitation(app, invitation) {
  app.invitation = invitation;
  if (app.bridge.embedded && !app.isOpen) {
    app.bridge.post({
      parley: 'invitation',
      invitation: { id: invitation.id, agentName: invitation.agent?.name ?? '', text: invitation.text },
    });
  } else {
    app.invitationCard.show(invitation);
  }
}

function answerInvitation(app, id, accepted) {
  const sent = app.session?.answerInvitation(id, accepted) ?? false;
  if (sent && app.invitation?.id === id) app.invitation.answered = true;
  if (!sent) app.view.showNotice({ code: 'invitation_offline', text: app.t('chat.invitation.offline'), autoHideMs: NOTICE_AUTO_HIDE_MS });
  return sent;
}

function bindComposer(app) {
  const { view, session } = app;
  view.bindComposer({
    onSubmit(text) {
      const result = session.send(text);
      if (result.sendable) {
        view.clearComposer();
        view.updateCounter(checkDraft('', session.maxTextLength));
        view.renderMessages(app.store.entries(), { scrollToEnd: true });
      } else if (result.tooLong) {
        showErrorNotice(app, { code: 'too_long', count: result.length, max: result.max });
      }
    },
    onInput(text) {
      view.updateCounter(checkDraft(text, session.maxTextLength));
      session.draftChanged(text);
    },
    onBlur() {
      session.stopTyping();
    },
  });
}

function showErrorNotice(app, { code, retryAfterMs, message, count, max }) {
  const { view, t } = app;
  switch (code) {
    case 'rate_limited': {
      const waitMs = Number.isFinite(retryAfterMs) && retryAfterMs > 0 ? retryAfterMs : 2000;
      view.showNotice({ code, countdownMs: waitMs, render: (seconds) => t('chat.error.rate_limited', { seconds }) });
      return;
    }
    case 'too_long':
      view.showNotice({
        code,
        text: count == null ? t('chat.error.too_long_server') : t('chat.error.too_long', { count, max }),
        autoHideMs: NOTICE_AUTO_HIDE_MS,
      });
      return;
    case 'unavailable':
    case 'unknown_site':
    case 'origin_not_allowed':
      view.showNotice({ code, text: t(`chat.error.${code}`) });
      return;
    case 'bad_frame':
      view.showNotice({ code, text: t('chat.error.bad_frame'), autoHideMs: NOTICE_AUTO_HIDE_MS });
      return;
    default:
      view.showNotice({
        code,
        text: t('chat.error.generic', { message: typeof message === 'string' && message ? message : code }),
        autoHideMs: NOTICE_AUTO_HIDE_MS,
      });
  }
}

function listenToHost(app) {
  const { bridge } = app;
  bridge.on('open', () => {
    app.isOpen = true;
    app.unread = 0;
    postStatus(app);
    if (app.invitation && !app.invitation.answered) app.invitationCard.show(app.invitation);
    if (app.leaveMessage?.visible) app.leaveMessage.focus();
    else if (app.prechat?.visible) app.prechat.focus();
    else app.view.focusComposer();
  });
  bridge.on('invitation-answer', (data) => {
    if (typeof data.id !== 'string' || data.id !== app.invitation?.id) return;
    answerInvitation(app, data.id, data.accepted === true);
  });
  bridge.on('close', () => {
    app.isOpen = false;
    app.session?.stopTyping();
    if (app.invitation && !app.invitation.answered) {
      app.invitationCard.hide();
      showInvitation(app, app.invitation); // back to the launcher's bubble
    }
  });
  bridge.on('page', (data) => {
    app.page = cleanPage(data.page);
    app.session?.reportPage(app.page);
  });
}

function listenForEscape(app) {
  // Keys typed inside the iframe never reach the host page, so the frame closes itself.
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !event.isComposing && app.bridge.embedded) closeWindow(app);
  });
}

function closeWindow(app) {
  app.isOpen = false;
  app.session?.stopTyping();
  app.bridge.post({ parley: 'close' });
}

function countUnread(app, added) {
  const fromOthers = added.filter((entry) => entry.author.type !== 'visitor').length;
  if (fromOthers === 0) return;
  app.unread += fromOthers;
  postStatus(app);
}

function postStatus(app) {
  app.bridge.post({ parley: 'status', online: app.agentsOnline, color: app.color, unread: app.unread });
}

function embeddedIdentity(init, hostOrigin) {
  return {
    token: typeof init.token === 'string' && init.token ? init.token : null,
    hostOrigin,
    page: cleanPage(init.page),
  };
}

function standaloneIdentity(site) {
  return {
    token: readStorage(localStorageOrNull(), TOKEN_KEY_PREFIX + site),
    hostOrigin: null, // opened directly: no embedding page whose origin could be checked
    page: { url: location.href, title: document.title, referrer: document.referrer },
  };
}

function cleanPage(page) {
  const field = (name) => (page && typeof page[name] === 'string' ? page[name] : '');
  return { url: field('url'), title: field('title'), referrer: field('referrer') };
}

// Storage can be disabled or throw (third-party storage blocking): never let that break the chat.
function localStorageOrNull() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function sessionStorageOrNull() {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

function readStorage(storage, key) {
  try {
    return storage?.getItem(key) || null;
  } catch {
    return null;
  }
}

function writeStorage(storage, key, value) {
  try {
    storage?.setItem(key, value);
  } catch {
    // keep the token in memory only
  }
}
