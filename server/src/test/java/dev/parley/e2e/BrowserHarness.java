package dev.parley.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.parley.ParleyNode;
import dev.parley.account.Agent;
import dev.parley.account.Site;
import dev.parley.config.Settings;
import dev.parley.testing.TcpProxy;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Everything a browser test needs, all real: a Parley node (SQLite in a temp dir), a customer website on another
 * origin (127.0.0.1:other port) that embeds the script, a cuttable TCP proxy in front of Parley for the visitor's
 * traffic, and Debian's Chromium driven by Playwright.
 *
 * <p>Visitors reach Parley through the proxy at {@code http://localhost:PROXY}; agents use the console directly at
 * {@code http://localhost:PARLEY}.
 */
final class BrowserHarness implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    final ParleyNode node;
    final Vertx vertx = Vertx.vertx();
    final TcpProxy visitorProxy;
    final HttpServer hostServer;
    final Playwright playwright;
    final Browser browser;
    final Map<String, HostPage> hostPages = new ConcurrentHashMap<>();
    final Path dataDir;

    record HostPage(String html, String csp) {
    }

    BrowserHarness() throws Exception {
        this(settings -> settings);
    }

    /** With node settings adjusted, e.g. an SMTP server for the mail tests. */
    BrowserHarness(java.util.function.UnaryOperator<Settings> configure) throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException("Browser tests need Debian's Chromium at " + CHROMIUM + " (apt-get install chromium)");
        }
        dataDir = Files.createTempDirectory("parley-e2e");
        var defaults = Settings.defaults(dataDir).withPort(0).withHost("127.0.0.1");
        // Every browser and test client comes from 127.0.0.1; the per-address new-visitor limit has its own tests.
        defaults = defaults.withTracking(defaults.tracking().withNewVisitorsPerMinute(1_000_000));
        node = ParleyNode.start(configure.apply(defaults));
        visitorProxy = new TcpProxy("127.0.0.1", node.port());
        hostServer = vertx.createHttpServer().requestHandler(req -> {
            var page = hostPages.get(req.path());
            if (page == null) {
                req.response().setStatusCode(404).end("not found");
                return;
            }
            var response = req.response().putHeader("content-type", req.path().endsWith(".js") ? "text/javascript" : "text/html; charset=utf-8");
            if (page.csp() != null) {
                response.putHeader("Content-Security-Policy", page.csp());
            }
            response.end(page.html());
        });
        hostServer.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        // Generous: the machine is shared and the suite runs beside other work; these are waits, not timings.
        com.microsoft.playwright.assertions.PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
        playwright = Playwright.create();
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run",
                        // The chat frame is cross-site, so Chromium would run it in its own process, and Playwright
                        // types through the page's process, which hands keys to the frame Chromium believes focused.
                        // On a loaded machine that hand-over now and then lost whole inputs (the "typed text never
                        // arrives" flake). One process for the page and its frames removes the race; origins, CSP,
                        // frame-ancestors and postMessage checks are the same either way.
                        "--disable-site-isolation-trials")));
    }

    /** Parley as the visitor's browser sees it (through the proxy). */
    String visitorParleyOrigin() {
        return "http://localhost:" + visitorProxy.port();
    }

    String consoleUrl() {
        return "http://localhost:" + node.port() + "/console";
    }

    String hostOrigin() {
        return "http://127.0.0.1:" + hostServer.actualPort();
    }

    /** Serves {@code html} at {@code path} on the customer's origin; returns its URL. */
    String hostPage(String path, String html, String csp) {
        hostPages.put(path, new HostPage(html, csp));
        return hostOrigin() + path;
    }

    /** A minimal customer page that embeds the site, with {@code extraHead} in its head. */
    String embeddingPage(String path, Site site, String extraHead, String body, String csp) {
        var html = "<!doctype html><html><head><meta charset=utf-8><title>Customer page " + path + "</title>" + extraHead
                + "<script src=\"" + visitorParleyOrigin() + "/embed.js\" data-site=\"" + site.key() + "\" async></script>"
                + "</head><body><h1>Welcome to the shop</h1>" + body + "</body></html>";
        return hostPage(path, html, csp);
    }

    record SiteWithAgent(Site site, Agent agent, String email, String password) {
    }

    SiteWithAgent newSite(String agentName) throws Exception {
        var site = node.accounts().createSite("Shop " + System.nanoTime(), List.of());
        var email = "agent" + System.nanoTime() + "@example.com";
        var password = "correct horse battery";
        var agent = node.accounts().addAgent(site.id(), email, password, agentName, Agent.OWNER).orElseThrow();
        return new SiteWithAgent(site, agent, email, password);
    }

    /** A fresh browser profile; its WebSocket frames and console go to the test's output for diagnosis. */
    BrowserContext newContext() {
        return newContext(new Browser.NewContextOptions());
    }

    /** {@link #newContext()} with options: a locale, a time zone. */
    BrowserContext newContext(Browser.NewContextOptions options) {
        var context = browser.newContext(options);
        context.setDefaultTimeout(15_000);
        context.onPage(BrowserHarness::trace);
        return context;
    }

    private static void trace(Page page) {
        page.onWebSocket(ws -> {
            System.out.println("ws open " + ws.url());
            ws.onFrameSent(f -> System.out.println("  >> " + f.text()));
            ws.onFrameReceived(f -> System.out.println("  << " + f.text()));
            ws.onClose(w -> System.out.println("ws closed " + w.url()));
        });
        page.onConsoleMessage(m -> System.out.println("console." + m.type() + " " + m.text()));
        page.onPageError(e -> System.out.println("pageerror " + e));
        page.onFrameNavigated(f -> System.out.println("navigated " + f.url()));
    }

    /** Opens the console in a new context and signs in; returns the page once the main view is up. */
    Page signedInConsole(SiteWithAgent s) {
        return signedInConsole(s, new Browser.NewContextOptions());
    }

    /** {@link #signedInConsole(SiteWithAgent)} in a browser with these options. */
    Page signedInConsole(SiteWithAgent s, Browser.NewContextOptions options) {
        var page = newContext(options).newPage();
        page.navigate(consoleUrl());
        page.getByTestId("login-email").fill(s.email());
        page.getByTestId("login-password").fill(s.password());
        page.getByTestId("login-submit").click();
        page.getByTestId("presence-toggle").waitFor();
        // Signed in is not yet connected: what the test does next (presence, invitations) needs the socket.
        com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(page.getByTestId("connection-status"))
                .hasAttribute("data-state", "online");
        return page;
    }

    /**
     * Opens the chat window with the launcher, unless it is open already: a chat the visitor had open stays open
     * across page loads of the tab, and clicking the launcher then would close it.
     */
    static void openWindow(com.microsoft.playwright.Page page) {
        var launcher = page.getByTestId("parley-launcher");
        com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(launcher).isVisible();
        if (!"true".equals(launcher.getAttribute("aria-expanded"))) {
            launcher.click();
        }
        com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(launcher).hasAttribute("aria-expanded", "true");
    }

    /** Types {@code text} into a field of the chat frame as a person would: click, wait for the focus, type. */
    static void typeInFrame(com.microsoft.playwright.Locator field, String text) {
        field.click();
        var element = field.elementHandle();
        element.ownerFrame().waitForFunction("el => document.hasFocus() && document.activeElement === el", element);
        field.fill(text);
        com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(field).hasValue(text);
    }

    @Override
    public void close() throws Exception {
        browser.close();
        playwright.close();
        node.stop();
        visitorProxy.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }
}
