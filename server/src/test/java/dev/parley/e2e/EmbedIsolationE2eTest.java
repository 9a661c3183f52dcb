package dev.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embed must never disturb the customer's page, and the customer's page must not disturb it. */
class EmbedIsolationE2eTest {
    static BrowserHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = new BrowserHarness();
    }

    @AfterAll
    static void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private static BoundingBox launcherBox(Page page) {
        // the launcher grows on hover; measure it at rest
        return settledBox(page, page.getByTestId("parley-launcher"));
    }

    @Test
    void aggressive_host_css_does_not_move_or_restyle_the_launcher_or_the_chat() throws Exception {
        var s = harness.newSite("Gus");
        var page = harness.newContext().newPage();
        page.setViewportSize(1200, 800);
        page.navigate(harness.embeddingPage("/plain-" + System.nanoTime() + ".html", s.site(), "", "<div>content</div>", null));
        var plain = launcherBox(page);
        BrowserHarness.openWindow(page);
        var plainFrame = settledBox(page, page.getByTestId("parley-frame"));

        var hostile = "<style>"
                + "* { margin: 37px !important; padding: 23px !important; border: 9px solid red !important; box-sizing: content-box !important;"
                + "    font: 31px/3 serif !important; position: static !important; float: left !important; min-width: 300px !important; z-index: 0 !important; }"
                + "div { display: inline !important; width: 5px !important; height: 5px !important; position: absolute !important; top: 0 !important; left: 0 !important; }"
                + "iframe { width: 10px !important; height: 10px !important; display: inline !important; position: absolute !important; visibility: hidden !important; }"
                + "button { width: 900px !important; height: 3px !important; background: lime !important; }"
                + "</style>";
        page.navigate(harness.embeddingPage("/hostile-" + System.nanoTime() + ".html", s.site(), hostile, "<div>content</div>", null));
        var attacked = launcherBox(page);
        assertBoxEquals(plain, attacked);
        BrowserHarness.openWindow(page);
        assertThat(page.getByTestId("parley-frame")).isVisible();
        assertBoxEquals(plainFrame, settledBox(page, page.getByTestId("parley-frame")));

        // Nothing of the embed's CSS leaks into the host page.
        page.navigate(harness.embeddingPage("/leak-" + System.nanoTime() + ".html", s.site(), "",
                "<button id=b>host button</button><div id=d>host div</div>", null));
        launcherBox(page);
        var styles = page.evaluate("() => { const b = getComputedStyle(document.getElementById('b')); const d = getComputedStyle(document.getElementById('d'));"
                + " return [b.position, d.position, d.display, document.styleSheets.length]; }");
        assertEquals(List.of("static", "static", "block", 0), styles, "no stylesheet added to the host document");
        page.context().close();
    }

    /** The box once the open/close transitions (in the shadow tree too) have finished. */
    private static BoundingBox settledBox(Page page, com.microsoft.playwright.Locator locator) {
        page.mouse().move(1, 1);
        assertThat(locator).isVisible();
        page.waitForFunction("() => { const w = document.querySelector('parley-widget');"
                + " return document.getAnimations().length === 0 && !(w && w.shadowRoot && w.shadowRoot.getAnimations().length); }");
        return locator.boundingBox();
    }

    private static void assertBoxEquals(BoundingBox expected, BoundingBox actual) {
        assertEquals(expected.x, actual.x, 0.5, "x");
        assertEquals(expected.y, actual.y, 0.5, "y");
        assertEquals(expected.width, actual.width, 0.5, "width");
        assertEquals(expected.height, actual.height, 0.5, "height");
    }

    @Test
    void embed_adds_only_window_Parley_and_leaves_built_ins_and_host_globals_untouched() throws Exception {
        var s = harness.newSite("Hal");
        var snapshot = "<script>"
                + "window.$ = 'host-dollar'; window._ = 'host-underscore';"
                + "window.__protoSnapshot = () => [Object, Array, String, Function, Promise, Element, Node, EventTarget, HTMLElement, Document, Window, WebSocket, XMLHttpRequest]"
                + "  .map(c => c.name + ':' + Object.getOwnPropertyNames(c.prototype).sort().join(',')).join('|') + '|JSON:' + Object.getOwnPropertyNames(JSON).join(',')"
                + "  + '|stringify:' + (JSON.stringify === window.__stringify) + '|fetch:' + (window.fetch === window.__fetch) + '|post:' + (window.postMessage === window.__postMessage)"
                + "  + '|addEventListener:' + (EventTarget.prototype.addEventListener === window.__ael);"
                + "window.__stringify = JSON.stringify; window.__fetch = window.fetch; window.__postMessage = window.postMessage; window.__ael = EventTarget.prototype.addEventListener;"
                + "window.__globalsBefore = Object.getOwnPropertyNames(window); window.__protoBefore = window.__protoSnapshot();"
                + "</script>";
        var errors = new CopyOnWriteArrayList<String>();
        var page = harness.newContext().newPage();
        page.onPageError(errors::add);
        page.navigate(harness.embeddingPage("/globals-" + System.nanoTime() + ".html", s.site(), snapshot, "", null));
        launcherBox(page);
        var added = page.evaluate("() => Object.getOwnPropertyNames(window).filter(n => !window.__globalsBefore.includes(n) && !n.startsWith('__'))");
        assertEquals(List.of("Parley"), added);
        assertEquals(page.evaluate("() => window.__protoBefore"), page.evaluate("() => window.__protoSnapshot()"));
        assertEquals("host-dollar", page.evaluate("() => window.$"));
        assertEquals("host-underscore", page.evaluate("() => window._"));
        assertTrue((Boolean) page.evaluate("() => window.__protoSnapshot().includes('stringify:true|fetch:true|post:true|addEventListener:true')"));
        assertEquals(List.of(), errors);
        page.context().close();
    }

    @Test
    void works_under_a_strict_host_csp_with_zero_violations() throws Exception {
        var s = harness.newSite("Ivy");
        // Someone must be online for the chat composer (otherwise the visitor gets the leave-a-message form).
        var console = harness.signedInConsole(s);
        var parley = harness.visitorParleyOrigin();
        var ws = parley.replace("http://", "ws://");
        var csp = "script-src 'self' " + parley + "; style-src 'self' " + parley + "; connect-src " + parley + " " + ws
                + "; frame-src " + parley;
        harness.hostPage("/csp-recorder.js", "window.__violations = []; document.addEventListener('securitypolicyviolation',"
                + " e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));", null);
        var page = harness.newContext().newPage();
        var consoleProblems = new CopyOnWriteArrayList<String>();
        page.onConsoleMessage(m -> {
            if (m.text().contains("Content Security Policy") || m.text().contains("Refused to")) {
                consoleProblems.add(m.text());
            }
        });
        page.onPageError(consoleProblems::add);
        page.navigate(harness.embeddingPage("/csp-" + System.nanoTime() + ".html", s.site(),
                "<script src=\"/csp-recorder.js\"></script>", "<p>Strict</p>", csp));
        var chat = VisitorAgentChatE2eTest.openChat(page);
        VisitorAgentChatE2eTest.send(chat, "under strict CSP");
        assertThat(chat.locator("[data-testid=message][data-seq='1']")).containsText("under strict CSP");
        assertEquals(List.of(), page.evaluate("() => window.__violations"));
        assertEquals(List.of(), consoleProblems);
        page.context().close();
        console.context().close();
    }

    @Test
    void html_payloads_in_messages_and_names_stay_inert_text_in_widget_and_console() throws Exception {
        var payload = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>";
        var s = harness.newSite("<img src=x onerror=\"window.__xss=3\">Agent");
        var console = harness.signedInConsole(s);
        var visitor = harness.newContext().newPage();
        visitor.navigate(harness.embeddingPage("/xss-" + System.nanoTime() + ".html", s.site(), "", "", null));
        var chat = VisitorAgentChatE2eTest.openChat(visitor);
        VisitorAgentChatE2eTest.send(chat, payload);
        assertThat(chat.locator("[data-testid=message][data-seq='1']")).containsText(payload);

        var panel = VisitorAgentChatE2eTest.openPanel(console);
        assertThat(panel.locator("[data-testid=message][data-seq='1']")).containsText(payload);
        panel.getByTestId("composer").fill(payload);
        panel.getByTestId("send").click();
        assertThat(chat.locator("[data-testid=message][data-seq='2']")).containsText(payload);
        assertThat(panel.locator("[data-testid=message][data-seq='2']")).containsText(payload);

        assertEquals(0, chat.locator("[data-testid=message] img, [data-testid=message] script").count());
        assertEquals(0, console.locator("[data-testid=message] img, [data-testid=message] script").count());
        assertEquals(0, console.locator("img[src=x]").count(), "agent name rendered as text in the console");
        var chatFrame = visitor.frames().stream().filter(f -> f.url().contains("/chat")).findFirst().orElseThrow();
        assertEquals(0, ((Number) chatFrame.evaluate("() => document.querySelectorAll('img[src=x]').length")).intValue());
        for (var result : List.of(visitor.evaluate("() => window.__xss === undefined"), chatFrame.evaluate("() => window.__xss === undefined"),
                console.evaluate("() => window.__xss === undefined"))) {
            assertEquals(Boolean.TRUE, result);
        }
        visitor.context().close();
        console.context().close();
    }

    @Test
    void unknown_site_key_renders_nothing_and_warns_once() throws Exception {
        var page = harness.newContext().newPage();
        var warnings = new CopyOnWriteArrayList<String>();
        var errors = new CopyOnWriteArrayList<String>();
        page.onConsoleMessage(m -> {
            if (m.type().equals("warning")) {
                warnings.add(m.text());
            } else if (m.type().equals("error") && !m.text().contains("404")) {
                errors.add(m.text());
            }
        });
        page.onPageError(errors::add);
        var html = "<!doctype html><html><head><title>x</title><script src=\"" + harness.visitorParleyOrigin()
                + "/embed.js\" data-site=\"no-such-site\" async></script></head><body>shop</body></html>";
        page.navigate(harness.hostPage("/unknown-" + System.nanoTime() + ".html", html, null));
        page.waitForCondition(() -> !warnings.isEmpty());
        page.waitForLoadState();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).toLowerCase().contains("parley"), warnings.get(0));
        assertEquals(0, page.getByTestId("parley-launcher").count());
        assertEquals(0, page.locator("parley-widget").count());
        assertEquals(List.of(), errors);
        page.context().close();
    }

    @Test
    void the_widget_goes_away_when_the_owner_stops_allowing_the_page() throws Exception {
        var s = harness.newSite("Jo");
        var page = harness.newContext().newPage();
        page.navigate(harness.embeddingPage("/revoked-" + System.nanoTime() + ".html", s.site(), "", "<p>Shop</p>", null));
        BrowserHarness.openWindow(page);
        var chat = page.frameLocator("[data-testid=parley-frame]");
        assertThat(chat.getByTestId("connection-status")).hasAttribute("data-state", "online");
        var token = harness.node.accounts().createSession(s.agent());
        var answer = new dev.parley.testing.Http(harness.node.port()).put("/api/site/settings",
                "{\"allowedOrigins\":[\"https://somewhere-else.example\"]}", dev.parley.testing.Http.bearer(token));
        assertEquals(200, answer.status(), answer.body());
        // Not a launcher promising a chat that cannot connect: the widget is removed.
        assertThat(page.locator("parley-widget")).hasCount(0);
        page.context().close();
    }
}
