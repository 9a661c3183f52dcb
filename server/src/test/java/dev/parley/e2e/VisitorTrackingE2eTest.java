package dev.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.WsClient;
import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The console's live visitor list and visitor detail, in Chromium, against a real node and a customer page. */
class VisitorTrackingE2eTest {
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

    @Test
    void the_live_visitor_list_follows_a_visitor_across_two_pages_and_the_detail_shows_both() throws Exception {
        var s = harness.newSite("Gil");
        var console = harness.signedInConsole(s);
        long n = System.nanoTime();
        var second = harness.embeddingPage("/shoes-" + n + ".html", s.site(), "", "<p>Shoes</p>", null);
        var first = harness.embeddingPage("/bikes-" + n + ".html", s.site(), "",
                "<a id=next href='" + second + "'>See our shoes</a>", null);
        var visitor = harness.newContext().newPage();
        visitor.navigate(first);

        var row = console.getByTestId("visitor-row");
        assertThat(row).hasCount(1);
        assertThat(row.getByTestId("visitor-page-title")).hasText("Customer page /bikes-" + n + ".html");
        assertThat(row.getByTestId("visitor-page-url")).hasText(first);
        assertThat(row.getByTestId("visitor-country")).hasText("unknown"); // no GeoIP database configured
        assertThat(row.getByTestId("visitor-device")).containsText("Linux");
        assertThat(row.getByTestId("visitor-returning")).hasCount(0);

        visitor.locator("#next").click(); // a real navigation: the chat's socket closes and a new one says hello
        assertThat(row.getByTestId("visitor-page-title")).hasText("Customer page /shoes-" + n + ".html");
        assertThat(row.getByTestId("visitor-page-url")).hasText(second);
        assertThat(row).hasCount(1);

        row.getByTestId("visitor-name").click();
        var detail = console.getByTestId("visitor-detail");
        assertThat(detail).hasAttribute("data-status", "ready");
        var pages = detail.getByTestId("visitor-detail-page");
        assertThat(pages).hasCount(2);
        assertThat(pages.nth(0)).containsText("Customer page /shoes-" + n + ".html"); // newest first
        assertThat(pages.nth(1)).containsText("Customer page /bikes-" + n + ".html");
        assertThat(detail.getByTestId("visitor-detail-landing-url")).hasText(first);
        assertThat(detail.getByTestId("visitor-detail-visits")).hasText("1");
        assertThat(detail.getByTestId("visitor-detail-location")).hasText("unknown");
        assertThat(detail.getByTestId("visitor-detail-no-conversations")).isVisible();

        // Live: a further page while the detail is open is added to it at once.
        var third = harness.embeddingPage("/helmets-" + n + ".html", s.site(), "", "", null);
        visitor.navigate(third);
        assertThat(pages).hasCount(3);
        assertThat(pages.nth(0)).containsText("Customer page /helmets-" + n + ".html");
        assertThat(detail.getByTestId("visitor-detail-current-url")).hasText(third);

        // A visitor-supplied title is text, never markup.
        var nasty = harness.embeddingPage("/nasty-" + n + ".html", s.site(), "", "<script>document.title='<img src=x onerror=alert(1)>'</script>", null);
        visitor.navigate(nasty);
        assertThat(row.getByTestId("visitor-page-title")).hasText("<img src=x onerror=alert(1)>");
        assertThat(console.locator("img[src=x]")).hasCount(0);

        detail.getByTestId("visitor-detail-close").click();
        assertThat(console.getByTestId("visitor-detail")).hasCount(0);
        visitor.context().close();
        console.context().close();
    }

    @Test
    void a_visitor_with_a_past_conversation_shows_it_in_the_detail_and_a_click_opens_the_chat() throws Exception {
        var s = harness.newSite("Hal");
        var console = harness.signedInConsole(s);
        var visitor = harness.newContext().newPage();
        visitor.navigate(harness.embeddingPage("/talk-" + System.nanoTime() + ".html", s.site(), "", "", null));
        var chat = VisitorAgentChatE2eTest.openChat(visitor);
        VisitorAgentChatE2eTest.send(chat, "Do you have size 46?");
        assertThat(chat.locator("[data-testid=message][data-author=visitor][data-seq='1']")).isAttached();

        console.getByTestId("visitor-row").first().click();
        var conversation = console.getByTestId("visitor-detail").getByTestId("visitor-detail-conversation");
        assertThat(conversation).hasCount(1);
        assertThat(conversation).containsText("Do you have size 46?");
        conversation.click();
        assertThat(console.getByTestId("chat-panel").locator("[data-testid=message][data-author=visitor]")).containsText("Do you have size 46?");
        visitor.context().close();
        console.context().close();
    }

    @Test
    void thousands_of_online_visitors_render_as_a_short_scrollable_list() throws Exception {
        var s = harness.newSite("Ivy");
        int count = 3000;
        var clients = new ArrayList<WsClient>(count);
        var pool = Executors.newFixedThreadPool(8);
        try {
            var joins = new ArrayList<Future<WsClient>>();
            for (int i = 0; i < count; i++) {
                int k = i;
                joins.add(pool.submit(() -> {
                    var ws = WsClient.connect(harness.node.port(), null);
                    ws.hello(WsClient.visitorHello(s.site().key(), null, null).put("page",
                            new io.vertx.core.json.JsonObject().put("url", "https://shop.example/item/" + k).put("title", "Item " + k)));
                    return ws;
                }));
            }
            for (var join : joins) {
                clients.add(join.get());
            }
            var console = harness.signedInConsole(s);
            assertThat(console.getByTestId("visitor-count")).hasText(String.valueOf(count));
            var rows = console.getByTestId("visitor-row");
            assertThat(rows.first()).isVisible();
            assertThat(console.locator("[data-testid=visitor-row][aria-posinset='1']")).hasCount(1);
            int rendered = rows.count();
            assertTrue(rendered > 0 && rendered < 100, "the DOM holds only the rows in view, not " + rendered);

            var list = console.getByTestId("visitor-list");
            list.evaluate("el => { el.scrollTop = el.scrollHeight; }");
            var last = console.locator("[data-testid=visitor-row][aria-posinset='" + count + "']");
            assertThat(last).isVisible();
            assertThat(console.locator("[data-testid=visitor-row][aria-posinset='1']")).hasCount(0);
            int afterScroll = rows.count();
            assertTrue(afterScroll > 0 && afterScroll < 100, "still only the rows in view: " + afterScroll);

            list.evaluate("el => { el.scrollTop = el.scrollHeight / 2; }");
            var middle = console.locator("[data-testid=visitor-row][aria-posinset='" + (count / 2) + "']");
            assertThat(middle).isAttached();

            // The list is live while scrolled: a visitor from the middle of it goes to another page.
            middle.getByTestId("visitor-name").click();
            var detail = console.getByTestId("visitor-detail");
            assertThat(detail).hasAttribute("data-status", "ready");
            var id = detail.getAttribute("data-visitor-id");
            var moved = clients.stream().filter(c -> id.equals(c.welcome.getString("visitorId"))).findFirst().orElseThrow();
            moved.send(new io.vertx.core.json.JsonObject().put("type", "page.viewed").put("url", "https://shop.example/checkout").put("title", "Checkout"));
            assertThat(detail.getByTestId("visitor-detail-page")).hasCount(2);
            assertThat(console.locator("[data-testid=visitor-row][data-visitor-id='" + id + "']").getByTestId("visitor-page-title")).hasText("Checkout");
            console.context().close();
        } finally {
            pool.shutdownNow();
            clients.forEach(WsClient::close);
        }
    }
}
