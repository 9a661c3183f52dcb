package dev.parley.http;

import dev.parley.account.Site;
import dev.parley.account.SiteDirectory;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * HTML pages and static assets. Pages carry a strict CSP (no inline script or style anywhere); the chat page's
 * {@code frame-ancestors} is the site's allowed origins, read per request so a settings change applies at once.
 */
final class Pages {
    private final SiteDirectory sites;
    private final String chatHtml = resource("web/chat/index.html");
    private final String consoleHtml = resource("web/console/index.html");
    private final String demoHtml = resource("web/demo/index.html");
    private final String demoSiteKey;
    private final String litHtmlRoot = "META-INF/resources/webjars/lit-html/" + BuildInfo.get("lit-html.version");
    /**
     * The lit-html modules the pages import, with their own imports; the WebJar's other 365 files (development builds,
     * Node builds, source maps, typings) are not served.
     */
    static final Set<String> LIT_HTML_MODULES = Set.of("lit-html.js", "directive.js", "directive-helpers.js",
            "async-directive.js", "directives/repeat.js", "directives/live.js", "directives/ref.js");
    private final StaticAssets litHtml = StaticAssets.files(litHtmlRoot, LIT_HTML_MODULES, 86_400);
    private final StaticAssets web = StaticAssets.tree("web", 300);

    Pages(SiteDirectory sites, String demoSiteKey) {
        this.sites = sites;
        this.demoSiteKey = demoSiteKey;
    }

    void mount(Router router) {
        Responses.getOrHead(router, "/").handler(ctx -> {
            var target = demoSiteKey != null ? "/demo" : "/console";
            ctx.response().setStatusCode(302).putHeader("location", target).putHeader("content-type", "text/plain; charset=utf-8");
            Responses.end(ctx, "Redirecting to " + target + ".");
        });
        Responses.getOrHead(router, "/chat").handler(this::chatPage);
        Responses.getOrHead(router, "/console").handler(ctx -> html(ctx, consoleHtml, "'none'"));
        if (demoSiteKey != null) {
            Responses.getOrHead(router, "/demo").handler(ctx -> html(ctx, demoHtml.replace("{{SITE_KEY}}", escape(demoSiteKey)), "'self'"));
        }
        // Loaded by customer pages: any origin may read them.
        router.route("/embed.js").handler(ctx -> {
            ctx.response().putHeader("Access-Control-Allow-Origin", "*").putHeader("Cache-Control", "public, max-age=300");
            ctx.next();
        });
        router.route("/embed.css").handler(ctx -> {
            ctx.response().putHeader("Access-Control-Allow-Origin", "*");
            ctx.next();
        });
        router.route("/i18n/*").handler(ctx -> {
            ctx.response().putHeader("Access-Control-Allow-Origin", "*");
            ctx.next();
        });
        // The pages are served only through the routes above, with their CSP; never as raw files.
        router.routeWithRegex("(.*/index\\.html|.+/)$").handler(ctx -> ApiError.send(ctx, 404, "not_found", "No such resource."));
        if (demoSiteKey == null) {
            router.route("/demo/*").handler(ctx -> ApiError.send(ctx, 404, "not_found", "The demo is off; start with --demo."));
        }
        router.route("/*").handler(ctx -> {
            // Anything else static may still be opened directly; it must not be frameable or run as a page.
            ctx.response().putHeader("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; object-src 'none'");
            ctx.next();
        });
        router.route("/vendor/lit-html/*").handler(litHtml);
        router.route("/*").handler(web);
        router.route().handler(ctx -> ApiError.send(ctx, 404, "not_found", "No such resource."));
    }

    private void chatPage(RoutingContext ctx) {
        var key = ctx.request().getParam("site");
        sites.byKey(key).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            var ancestors = ar.result().map(Pages::frameAncestors).orElse("'none'");
            html(ctx, chatHtml, ancestors);
        });
    }

    private static String frameAncestors(Site site) {
        return site.allowedOrigins().isEmpty() ? "*" : "'self' " + String.join(" ", site.allowedOrigins());
    }

    private static void html(RoutingContext ctx, String body, String frameAncestors) {
        var host = ctx.request().authority() == null ? "" : ctx.request().authority().toString();
        var csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self' ws://" + host + " wss://" + host + "; frame-ancestors " + frameAncestors
                + "; base-uri 'none'; form-action 'self'; object-src 'none'";
        ctx.response()
                .putHeader("content-type", "text/html; charset=utf-8")
                .putHeader("Content-Security-Policy", csp)
                .putHeader("Cache-Control", "no-cache");
        Responses.end(ctx, body);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    static String resource(String path) {
        try (var in = Pages.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                return "<!doctype html><title>Parley</title><p>Missing page " + path + "</p>";
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
