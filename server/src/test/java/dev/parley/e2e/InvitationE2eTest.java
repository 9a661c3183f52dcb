package dev.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.parley.testing.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Invitations, auto-invite rules and the pre-chat form in Chromium: the customer's page, the chat and the console. */
class InvitationE2eTest {
    static BrowserHarness harness;

    @BeforeAll
    static void start() throws Exception {
        // Every page load is a new visit here, so the cap test can come back without waiting 30 minutes.
        harness = new BrowserHarness(s -> s.withTracking(s.tracking().withNewVisitAfter(java.time.Duration.ofMillis(1))));
    }

    @AfterAll
    static void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    /** A host page with a button just left of where the invitation bubble sits, to prove the bubble blocks nothing. */
    static String shopPage(BrowserHarness.SiteWithAgent s, String name) {
        var body = "<button id=near style='position:fixed;right:310px;bottom:100px'>Near</button>"
                + "<output id=clicks>0</output>"
                + "<script src='/count-" + name + ".js'></script>";
        harness.hostPage("/count-" + name + ".js", "document.getElementById('near').addEventListener('click', () => {"
                + " const o = document.getElementById('clicks'); o.textContent = String(Number(o.textContent) + 1); });", null);
        return harness.embeddingPage("/" + name + ".html", s.site(), "", body, null);
    }

    static Locator visitorRow(Page console) {
        return console.getByTestId("visitor-row").first();
    }

    static String ownerToken(BrowserHarness.SiteWithAgent s) throws Exception {
        return harness.node.accounts().createSession(s.agent());
    }

    static void put(String path, String body, String token) {
        var answer = new Http(harness.node.port()).put(path, body, Http.bearer(token));
        assertEquals(200, answer.status(), answer.body());
    }

    @Test
    void agent_invites_a_visitor_who_accepts_and_the_chat_opens_with_the_agents_message() throws Exception {
        var s = harness.newSite("Ann");
        var console = harness.signedInConsole(s);
        var visitor = harness.newContext().newPage();
        visitor.navigate(shopPage(s, "invite-" + System.nanoTime()));
        assertThat(visitor.getByTestId("agent-status")).hasAttribute("data-status", "online");

        visitorRow(console).getByTestId("invite").click();
        var text = console.getByTestId("visitor-detail").getByTestId("invite-text");
        assertThat(text).isFocused();
        text.fill("Hi! Looking for a bike? 🚲");
        console.getByTestId("invite-send").click();
        assertThat(visitorRow(console).getByTestId("invitation-status")).hasAttribute("data-status", "sent");

        var bubble = visitor.getByTestId("invitation");
        assertThat(bubble).isVisible();
        assertThat(bubble).containsText("Ann");
        assertThat(bubble).containsText("Hi! Looking for a bike? 🚲");
        // The bubble takes the launcher's corner only: the page's own button right beside it still works.
        visitor.locator("#near").click();
        assertThat(visitor.locator("#clicks")).hasText("1");

        visitor.getByTestId("invitation-accept").click();
        assertThat(bubble).isHidden();
        assertThat(visitor.getByTestId("parley-frame")).isVisible();
        var chat = visitor.frameLocator("[data-testid=parley-frame]");
        assertThat(chat.locator("[data-testid=message][data-author=agent][data-seq='1']")).containsText("Hi! Looking for a bike? 🚲");
        assertThat(visitorRow(console).getByTestId("invitation-status")).hasAttribute("data-status", "accepted");

        VisitorAgentChatE2eTest.send(chat, "Yes, a city bike");
        assertThat(chat.locator("[data-testid=message][data-author=visitor][data-seq='2']")).containsText("Yes, a city bike");
        var panel = VisitorAgentChatE2eTest.openPanel(console);
        assertThat(panel.locator("[data-testid=message][data-author=visitor]")).containsText("Yes, a city bike");
        visitor.context().close();
        console.context().close();
    }

    @Test
    void invite_all_reaches_every_visitor_says_how_many_and_shows_the_sites_limit() throws Exception {
        var s = harness.newSite("Cy");
        var console = harness.signedInConsole(s);
        var first = harness.newContext().newPage();
        var second = harness.newContext().newPage();
        first.navigate(shopPage(s, "all-a-" + System.nanoTime()));
        second.navigate(shopPage(s, "all-b-" + System.nanoTime()));
        assertThat(console.getByTestId("visitor-count")).hasText("2");

        console.getByTestId("invite-all").click();
        var form = console.getByTestId("invite-all-form");
        assertThat(form.getByTestId("invite-text")).isFocused();
        form.getByTestId("invite-text").fill("Free shipping today <b>only</b>");
        form.getByTestId("invite-send").click();
        assertThat(console.getByTestId("invite-all-result")).containsText("2 visitors");
        assertThat(console.getByTestId("invite-all-result").getByRole(com.microsoft.playwright.options.AriaRole.BUTTON)).isFocused();
        for (var visitor : java.util.List.of(first, second)) {
            assertThat(visitor.getByTestId("invitation")).containsText("Free shipping today <b>only</b>");
        }
        assertThat(console.getByTestId("invitation-status")).hasCount(2);

        // The site allows a burst of three, then one every 3 s: the refusal is shown in the form, which keeps the text.
        Locator error = console.getByTestId("invite-all-form").getByTestId("invite-error");
        for (int i = 0; i < 8 && error.count() == 0; i++) {
            console.getByTestId("invite-all").click();
            console.getByTestId("invite-all-form").getByTestId("invite-text").fill("Again " + i);
            console.getByTestId("invite-all-form").getByTestId("invite-send").click();
            console.locator("[data-testid=invite-all-result], [data-testid=invite-all-form] [data-testid=invite-error]").first().waitFor();
            if (error.count() == 0) {
                console.getByTestId("invite-all-result").getByRole(com.microsoft.playwright.options.AriaRole.BUTTON).click();
            }
        }
        assertThat(error).containsText("limited");
        assertThat(console.getByTestId("invite-all-form").getByTestId("invite-send")).isEnabled();
        first.context().close();
        second.context().close();
        console.context().close();
    }

    @Test
    void a_declined_invitation_disappears_and_the_agent_sees_the_decline() throws Exception {
        var s = harness.newSite("Bo");
        var console = harness.signedInConsole(s);
        var visitor = harness.newContext().newPage();
        visitor.navigate(shopPage(s, "decline-" + System.nanoTime()));
        visitorRow(console).getByTestId("invite").click();
        console.getByTestId("invite-send").click(); // the default text
        var bubble = visitor.getByTestId("invitation");
        assertThat(bubble).containsText("Can I help you");
        visitor.getByTestId("invitation-decline").click();
        assertThat(bubble).isHidden();
        assertThat(visitorRow(console).getByTestId("invitation-status")).hasAttribute("data-status", "declined");
        assertThat(visitor.getByTestId("parley-frame")).isHidden();
        visitor.context().close();
        console.context().close();
    }

    @Test
    void an_auto_invite_rule_fires_once_within_its_cap() throws Exception {
        var s = harness.newSite("Cy");
        put("/api/site/invite-rules", "{\"rules\":[{\"id\":\"pricing\",\"urlPattern\":\"*/pricing-*\",\"text\":\"Questions about our prices?\",\"maxPerVisitor\":1},"
                + "{\"id\":\"later\",\"urlPattern\":\"*\",\"text\":\"Anything else we can do?\",\"maxPerVisitor\":1}]}", ownerToken(s));
        var console = harness.signedInConsole(s);
        var visitor = harness.newContext().newPage();
        var pricing = shopPage(s, "pricing-" + System.nanoTime());
        visitor.navigate(pricing);
        var bubble = visitor.getByTestId("invitation");
        assertThat(bubble).containsText("Questions about our prices?");
        assertThat(visitorRow(console).getByTestId("invitation-status")).hasAttribute("data-status", "sent");
        visitor.getByTestId("invitation-decline").click();
        assertThat(bubble).isHidden();

        // Coming back to the pricing page (a new visit): that rule's cap is used up, so only the next rule may speak.
        // Leave first and let the console see it, so the return is a new visit and not a reload within this one.
        visitor.navigate("about:blank");
        assertThat(console.getByTestId("visitor-row")).hasCount(0);
        visitor.navigate(pricing);
        assertThat(bubble).containsText("Anything else we can do?");
        visitor.context().close();
        console.context().close();
    }

    @Test
    void the_pre_chat_form_asks_first_checks_answers_and_agents_see_them() throws Exception {
        var s = harness.newSite("Di");
        put("/api/site/prechat", "{\"enabled\":true,\"fields\":{\"name\":\"required\",\"email\":\"required\",\"custom\":\"optional\"},\"customLabel\":\"Order number\"}", ownerToken(s));
        var console = harness.signedInConsole(s);
        var visitor = harness.newContext().newPage();
        visitor.navigate(harness.embeddingPage("/prechat-" + System.nanoTime() + ".html", s.site(), "", "<p>Shop</p>", null));
        BrowserHarness.openWindow(visitor);
        var chat = visitor.frameLocator("[data-testid=parley-frame]");
        var form = chat.getByTestId("prechat-form");
        assertThat(form).isVisible();
        assertThat(chat.getByTestId("composer-form")).isHidden();
        assertThat(form).containsText("Order number");

        chat.getByTestId("prechat-submit").click();
        assertThat(chat.getByTestId("prechat-name-error")).isVisible();
        BrowserHarness.typeInFrame(chat.getByTestId("prechat-name"), "<img src=x onerror=alert(1)> Eve");
        BrowserHarness.typeInFrame(chat.getByTestId("prechat-email"), "eve@");
        chat.getByTestId("prechat-submit").click();
        assertThat(chat.getByTestId("prechat-email-error")).isVisible();
        BrowserHarness.typeInFrame(chat.getByTestId("prechat-email"), "eve@example.com");
        BrowserHarness.typeInFrame(chat.getByTestId("prechat-custom"), "A-1001");
        chat.getByTestId("prechat-submit").click();
        assertThat(form).isHidden();
        assertThat(chat.getByTestId("composer-form")).isVisible();

        VisitorAgentChatE2eTest.send(chat, "Where is my order?");
        var row = console.getByTestId("conversation-row").first();
        assertThat(row).containsText("<img src=x onerror=alert(1)> Eve"); // shown as text, never as markup
        assertEquals(0, console.locator("img[src=x]").count());
        visitor.context().close();
        console.context().close();
    }
}
