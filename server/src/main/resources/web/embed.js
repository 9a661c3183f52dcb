/*
 * Parley embed: the launcher button and the chat iframe on a customer's page.
 *
 *   <script src="https://PARLEY/embed.js" data-site="SITEKEY" async></script>
 *
 * Rules this file lives by, because it runs on pages we do not control:
 * - one global only (window.Parley, frozen); no changes to built-ins or host globals;
 * - nothing inline: styles come from embed.css linked inside a shadow root, dynamic
 *   values go through CSSOM, so a strict host CSP sees no violation;
 * - host CSS cannot reach in (shadow root, `all: initial !important` on :host) and
 *   ours cannot leak out;
 * - it never throws into the page: failures end in one console.warn and no widget.
 * The embed <-> iframe postMessage contract is in docs/protocol.md.
 */
(() => {
  'use strict';

  const VERSION = '0.1.0';
  const TOKEN_KEY_PREFIX = 'parley:visitor:';
  const OPEN_KEY_PREFIX = 'parley:open:';
  const I18N_TIMEOUT_MS = 3000;
  const PAGE_POLL_MS = 1500;
  const MAX_TOKEN_LENGTH = 4096;
  const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const OWN_MARK = Symbol.for('parley.embed');
  const ENGLISH = {
    'embed.launcher.open': 'Open chat',
    'embed.launcher.close': 'Close chat',
    'embed.status.online': "We're online",
    'embed.status.offline': "We're away, leave a message",
    'embed.unread': '{count} unread',
    'embed.frame.title': 'Chat with us',
    'embed.invitation.label': 'Message from {name}',
    'embed.invitation.accept': 'Reply',
    'embed.invitation.decline': 'No thanks',
    'embed.invitation.close': 'Dismiss',
  };

  // Must be read now: currentScript is only set while this file first runs.
  const ownScript = document.currentScript || document.querySelector('script[data-site][src*="embed.js"]');
  let warned = false;

  try {
    boot(ownScript);
  } catch (error) {
    warnOnce(`could not start (${describeError(error)}). The chat is not shown.`);
  }

  function boot(script) {
    if (window.Parley && window.Parley[OWN_MARK] === true) return; // loaded twice: the first copy owns the page
    if (!script || !script.src) {
      warnOnce('could not find its own <script> tag. The chat is not shown.');
      return;
    }
    const siteKey = (script.getAttribute('data-site') || '').trim();
    if (!siteKey) {
      warnOnce('the <script> tag has no data-site attribute. The chat is not shown.');
      return;
    }
    const origin = new URL(script.src, document.baseURI).origin;
    const widget = createWidget(siteKey, origin);
    publishApi(widget);

    const strings = withTimeout(loadStrings(origin), I18N_TIMEOUT_MS, ENGLISH);
    fetchRoute(origin, siteKey)
      .then((route) => Promise.all([route, strings, bodyReady()]))
      .then(([route, loadedStrings]) => widget.mount(route, loadedStrings))
      .catch((error) => warnOnce(describeFailure(error, origin, siteKey)));
  }

  function publishApi(widget) {
    if ('Parley' in window) {
      warnOnce('window.Parley is already used by this page, so Parley.open()/close() are unavailable.');
      return;
    }
    window.Parley = Object.freeze({
      version: VERSION,
      [OWN_MARK]: true,
      open: guard(() => widget.setOpen(true)),
      close: guard(() => widget.setOpen(false)),
    });
  }

  // --- the widget ---

  function createWidget(siteKey, origin) {
    const tokens = createTokenStore(siteKey);
    let els = null;
    let frameOrigin = null;
    let frameReady = false;
    let strings = ENGLISH;
    let isOpen = false;
    let openRequestedEarly = false;
    let online = false;
    let unread = 0;
    let reportedUrl = null;
    let keepAttached = null;
    let invitationId = null;

    const t = (key, params) => format(strings[key] || ENGLISH[key] || key, params);

    function mount(route, loadedStrings) {
      strings = loadedStrings;
      frameOrigin = route.frameOrigin;
      els = buildDom(route.chatUrl);
      window.addEventListener('message', guard(onFrameMessage));
      listenForNavigation();
      els.launcher.addEventListener('click', guard(() => setOpen(!isOpen)));
      els.invitationAccept.addEventListener('click', guard(() => answerInvitation(true)));
      els.invitationDecline.addEventListener('click', guard(() => answerInvitation(false)));
      els.invitationClose.addEventListener('click', guard(() => answerInvitation(false)));
      els.shadow.addEventListener('keydown', guard(onKeydown));
      els.stylesheet.addEventListener('load', guard(() => { els.root.hidden = false; }));
      els.stylesheet.addEventListener('error', guard(onStylesheetError));
      render();
      attach();
      // A chat the visitor had open stays open across page loads of this tab (session storage: this tab only).
      if (openRequestedEarly || readOpen(siteKey)) setOpen(true);
    }

    function buildDom(chatUrl) {
      const host = document.createElement('parley-widget');
      const shadow = host.attachShadow({ mode: 'open' });
      const stylesheet = el('link', { rel: 'stylesheet', href: `${origin}/embed.css` });
      // Hidden until embed.css has loaded, so the page never flashes an unstyled button.
      const root = el('div', { class: 'parley', 'data-open': 'false', hidden: '' });
      const statusText = el('span', { class: 'visually-hidden' });
      const status = el('span', { class: 'status', 'data-testid': 'agent-status', 'data-status': 'offline' }, [statusText]);
      const badge = el('span', { class: 'badge', 'aria-hidden': 'true', hidden: '' });
      const launcher = el('button', {
        type: 'button',
        class: 'launcher',
        'data-testid': 'parley-launcher',
        'aria-expanded': 'false',
        'aria-controls': 'parley-frame',
      }, [chatIcon(), closeIcon(), status, badge]);
      // Created (hidden) right away so presence, page views and availability work before any click.
      const frame = el('iframe', {
        id: 'parley-frame',
        class: 'frame',
        'data-testid': 'parley-frame',
        title: t('embed.frame.title'),
        src: chatUrl,
      });
      const invitationAgent = el('p', { class: 'invitation-agent' });
      const invitationText = el('p', { class: 'invitation-text' });
      const invitationAccept = el('button', { type: 'button', class: 'invitation-accept', 'data-testid': 'invitation-accept' });
      const invitationDecline = el('button', { type: 'button', class: 'invitation-decline', 'data-testid': 'invitation-decline' });
      const invitationClose = el('button', { type: 'button', class: 'invitation-close' }, [closeIcon()]);
      // Above the launcher only: it takes clicks on itself and nowhere else on the host page.
      const invitation = el('div', { class: 'invitation', 'data-testid': 'invitation', role: 'dialog', hidden: '' }, [
        invitationClose, invitationAgent, invitationText,
        el('div', { class: 'invitation-actions' }, [invitationAccept, invitationDecline]),
      ]);
      root.append(invitation, launcher, frame);
      shadow.append(stylesheet, root);
      return {
        host, shadow, stylesheet, root, launcher, status, statusText, badge, frame,
        invitation, invitationAgent, invitationText, invitationAccept, invitationDecline, invitationClose,
      };
    }

    /** Appends the widget and puts it back if a single-page app replaces <body>. */
    function attach() {
      const parent = document.body || document.documentElement;
      parent.appendChild(els.host);
      showInTopLayer(els.host);
      if (!keepAttached) keepAttached = new MutationObserver(guard(() => { if (!els.host.isConnected) attach(); }));
      keepAttached.disconnect();
      keepAttached.observe(document.documentElement, { childList: true });
      if (document.body) keepAttached.observe(document.body, { childList: true });
    }

    function onStylesheetError() {
      warnOnce(`could not load ${origin}/embed.css. The chat is not shown.`);
      if (keepAttached) keepAttached.disconnect();
      els.host.remove();
    }

    function setOpen(open) {
      if (!els) {
        openRequestedEarly = open; // Parley.open() called before the widget was ready
        return;
      }
      if (open === isOpen) return;
      const focusWasInside = document.activeElement === els.host;
      isOpen = open;
      writeOpen(siteKey, open);
      if (open) hideInvitation(); // the chat window shows it now
      els.root.setAttribute('data-open', String(open));
      els.launcher.setAttribute('aria-expanded', String(open));
      if (open) unread = 0;
      render();
      postToFrame({ parley: open ? 'open' : 'close' });
      if (open) els.frame.focus();
      else if (focusWasInside) els.launcher.focus();
    }

    function onKeydown(event) {
      if (event.key === 'Escape' && isOpen) setOpen(false);
      else if (event.key === 'Escape' && invitationId) answerInvitation(false);
    }

    /** The server refused this page for good (its origin is no longer allowed, or the site is gone). */
    function disable(code) {
      if (keepAttached) keepAttached.disconnect();
      els.host.remove();
      warnOnce(code === 'origin_not_allowed'
        ? `this website (${location.origin}) is no longer an allowed origin of site "${siteKey}". The chat is removed.`
        : `site "${siteKey}" is not available. The chat is removed.`);
    }

    function showInvitation(data) {
      const id = data && typeof data.id === 'string' && data.id.length <= 64 ? data.id : null;
      const text = data && typeof data.text === 'string' ? data.text.slice(0, 2000) : '';
      if (!id || !text || isOpen) return;
      const name = typeof data.agentName === 'string' ? data.agentName.slice(0, 200) : '';
      invitationId = id;
      els.invitationAgent.textContent = name;
      els.invitationText.textContent = text;
      els.invitationAccept.textContent = t('embed.invitation.accept');
      els.invitationDecline.textContent = t('embed.invitation.decline');
      els.invitationClose.setAttribute('aria-label', t('embed.invitation.close'));
      els.invitation.setAttribute('aria-label', t('embed.invitation.label', { name }));
      els.invitation.hidden = false;
    }

    function hideInvitation(id) {
      if (id !== undefined && id !== invitationId) return;
      invitationId = null;
      els.invitation.hidden = true;
    }

    function answerInvitation(accepted) {
      const id = invitationId;
      if (!id) return;
      postToFrame({ parley: 'invitation-answer', id, accepted });
      hideInvitation();
      if (accepted) setOpen(true);
    }

    function onFrameMessage(event) {
      if (event.source !== els.frame.contentWindow || event.origin !== frameOrigin) return;
      const data = event.data;
      if (!data || typeof data !== 'object') return;
      switch (data.parley) {
        case 'ready': return sendInit();
        case 'token': return storeToken(data.token);
        case 'status': return applyStatus(data);
        case 'close': return setOpen(false);
        case 'disabled': return disable(data.code);
        case 'invitation': return showInvitation(data.invitation);
        case 'invitation-closed': return hideInvitation(data.id);
        default: return undefined;
      }
    }

    function sendInit() {
      // The iframe says ready again after every reload (e.g. when re-attached), so init is repeatable.
      frameReady = true;
      reportedUrl = location.href;
      postToFrame({ parley: 'init', token: tokens.get(), page: currentPage() });
      if (isOpen) postToFrame({ parley: 'open' });
    }

    function storeToken(token) {
      if (typeof token === 'string' && token.length > 0 && token.length <= MAX_TOKEN_LENGTH) tokens.set(token);
    }

    function applyStatus(data) {
      online = data.online === true;
      unread = Number.isSafeInteger(data.unread) && data.unread > 0 ? data.unread : 0;
      if (typeof data.color === 'string' && HEX_COLOR.test(data.color)) {
        // CSSOM property writes are not inline styles in the CSP sense.
        els.root.style.setProperty('--parley-accent', data.color);
        els.root.style.setProperty('--parley-accent-contrast', contrastingTextColor(data.color));
      }
      render();
    }

    function render() {
      const statusLabel = t(online ? 'embed.status.online' : 'embed.status.offline');
      const showBadge = unread > 0 && !isOpen;
      els.status.setAttribute('data-status', online ? 'online' : 'offline');
      els.statusText.textContent = statusLabel;
      els.badge.hidden = !showBadge;
      els.badge.textContent = unread > 99 ? '99+' : String(unread);
      const parts = [t(isOpen ? 'embed.launcher.close' : 'embed.launcher.open'), statusLabel];
      if (showBadge) parts.push(t('embed.unread', { count: unread }));
      els.launcher.setAttribute('aria-label', parts.join(', '));
    }

    function listenForNavigation() {
      const report = guard(reportPageIfChanged);
      window.addEventListener('popstate', report);
      window.addEventListener('hashchange', report);
      // pushState navigations fire no event and patching history would touch a host global:
      // use the Navigation API where it exists, otherwise look at location now and then.
      if (window.navigation && typeof window.navigation.addEventListener === 'function') {
        window.navigation.addEventListener('currententrychange', report);
      } else {
        window.setInterval(report, PAGE_POLL_MS);
      }
    }

    function reportPageIfChanged() {
      if (!frameReady || location.href === reportedUrl) return;
      reportedUrl = location.href;
      postToFrame({ parley: 'page', page: currentPage() });
    }

    function postToFrame(data) {
      if (!els || !frameReady) return;
      const target = els.frame.contentWindow;
      if (target) target.postMessage(data, frameOrigin);
    }

    return { mount, setOpen };
  }

  // --- server lookups ---

  function fetchRoute(origin, siteKey) {
    const url = `${origin}/api/route?site=${encodeURIComponent(siteKey)}`;
    return fetch(url, { credentials: 'omit', mode: 'cors' }).then(
      (response) => {
        if (response.status === 404) throw routeFailure('unknown_site');
        if (response.status === 403) throw routeFailure('origin_not_allowed');
        if (!response.ok) throw routeFailure('http', response.status);
        return response.json().then((body) => parseRoute(body, siteKey), () => { throw routeFailure('bad_answer'); });
      },
      () => { throw routeFailure('network'); },
    );
  }

  function parseRoute(body, siteKey) {
    let base;
    try {
      base = new URL(body.http);
    } catch (_) {
      throw routeFailure('bad_answer');
    }
    if (base.protocol !== 'https:' && base.protocol !== 'http:') throw routeFailure('bad_answer');
    const chatUrl = `${base.href.replace(/\/+$/, '')}/chat?site=${encodeURIComponent(siteKey)}`;
    return { frameOrigin: base.origin, chatUrl };
  }

  function routeFailure(kind, status) {
    return { routeFailure: kind, status };
  }

  function describeFailure(error, origin, siteKey) {
    const where = `${origin}/api/route`;
    switch (error && error.routeFailure) {
      case 'unknown_site':
        return `site key "${siteKey}" is unknown (${where} answered 404); check the data-site attribute. The chat is not shown.`;
      case 'origin_not_allowed':
        return `this website (${location.origin}) is not an allowed origin of site "${siteKey}" (${where} answered 403); add it in the Parley site settings. The chat is not shown.`;
      case 'network':
        return `could not reach ${where} (server down, network error, or blocked by this page's Content-Security-Policy connect-src). The chat is not shown.`;
      case 'http':
        return `${where} answered HTTP ${error.status}. The chat is not shown.`;
      case 'bad_answer':
        return `${where} gave an answer the widget does not understand. The chat is not shown.`;
      default:
        return `could not start (${describeError(error)}). The chat is not shown.`;
    }
  }

  function loadStrings(origin) {
    const lang = /^zh/i.test(navigator.language || '') ? 'zh-CN' : 'en';
    return fetch(`${origin}/i18n/${lang}.json`, { credentials: 'omit', mode: 'cors' })
      .then((response) => (response.ok ? response.json() : {}))
      .then((loaded) => {
        const strings = {};
        for (const key of Object.keys(ENGLISH)) {
          const own = loaded && Object.prototype.hasOwnProperty.call(loaded, key);
          strings[key] = own && typeof loaded[key] === 'string' ? loaded[key] : ENGLISH[key];
        }
        return strings;
      })
      .catch(() => ENGLISH);
  }

  // --- small helpers ---

  /** Visitor token in the host page's storage; storage can be blocked, then memory for this page. */
  function createTokenStore(siteKey) {
    const key = TOKEN_KEY_PREFIX + siteKey;
    let inMemory = null;
    return {
      get() {
        try {
          const stored = window.localStorage.getItem(key);
          if (stored) return stored;
        } catch (_) {
          // storage blocked
        }
        return inMemory;
      },
      set(token) {
        inMemory = token;
        try {
          window.localStorage.setItem(key, token);
        } catch (_) {
          // storage blocked or full: memory only
        }
      },
    };
  }

  function readOpen(siteKey) {
    try {
      return window.sessionStorage.getItem(OPEN_KEY_PREFIX + siteKey) === '1';
    } catch (_) {
      return false; // storage blocked
    }
  }

  function writeOpen(siteKey, open) {
    try {
      if (open) window.sessionStorage.setItem(OPEN_KEY_PREFIX + siteKey, '1');
      else window.sessionStorage.removeItem(OPEN_KEY_PREFIX + siteKey);
    } catch (_) {
      // storage blocked: the chat starts closed on the next page
    }
  }

  function currentPage() {
    return { url: location.href, title: document.title, referrer: document.referrer };
  }

  function bodyReady() {
    if (document.body || document.readyState !== 'loading') return Promise.resolve();
    return new Promise((resolve) => document.addEventListener('DOMContentLoaded', () => resolve(), { once: true }));
  }

  /** The top layer ignores transforms/filters on <html> and <body>, which would otherwise move a fixed widget. */
  function showInTopLayer(host) {
    if (typeof host.showPopover !== 'function') return;
    try {
      host.setAttribute('popover', 'manual');
      host.showPopover();
    } catch (_) {
      host.removeAttribute('popover'); // plain position:fixed still works
    }
  }

  function withTimeout(promise, ms, fallback) {
    return Promise.race([promise, new Promise((resolve) => window.setTimeout(() => resolve(fallback), ms))]);
  }

  function el(tag, attributes, children) {
    const node = document.createElement(tag);
    for (const name of Object.keys(attributes)) node.setAttribute(name, attributes[name]);
    if (children) node.append(...children);
    return node;
  }

  function svgIcon(className, pathData) {
    const svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('class', `icon ${className}`);
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', pathData);
    svg.append(path);
    return svg;
  }

  function chatIcon() {
    return svgIcon('icon-chat', 'M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H9.2L4 20.5z');
  }

  function closeIcon() {
    return svgIcon('icon-close', 'M6 6l12 12M18 6L6 18');
  }

  function contrastingTextColor(hex) {
    const digits = hex.length === 4 ? hex.slice(1).split('').map((d) => d + d) : hex.slice(1).match(/../g);
    const [r, g, b] = digits.map((d) => {
      const c = parseInt(d, 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.179 ? '#111827' : '#ffffff';
  }

  function format(template, params) {
    return template.replace(/\{(\w+)\}/g, (whole, name) => (params && name in params ? String(params[name]) : whole));
  }

  function guard(fn) {
    return function guarded(...args) {
      try {
        return fn.apply(this, args);
      } catch (error) {
        warnOnce(`internal error (${describeError(error)}).`);
        return undefined;
      }
    };
  }

  function describeError(error) {
    return error && error.message ? error.message : String(error);
  }

  function warnOnce(message) {
    if (warned) return;
    warned = true;
    try {
      console.warn(`Parley chat widget: ${message}`);
    } catch (_) {
      // console unavailable
    }
  }
})();
