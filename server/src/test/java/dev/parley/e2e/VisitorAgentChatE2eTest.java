package dev.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.FrameLocator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The main job end to end: a visitor on a customer's website chats with an agent in the console. */
class VisitorAgentChatE2eTest {
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

    static FrameLocator openChat(Page visitor) {
        BrowserHarness.openWindow(visitor);
        // The frame loads (and connects) while still closed, under visibility:hidden: wait until it is really open.
        assertThat(visitor.getByTestId("parley-frame")).isVisible();
        var chat = visitor.frameLocator("[data-testid=parley-frame]");
        assertThat(chat.getByTestId("connection-status")).hasAttribute("data-state", "online");
        // Opening moves the focus into the composer (embed → frame message); typing before that lands elsewhere.
        assertThat(chat.getByTestId("composer")).isFocused();
        return chat;
    }

    static void send(FrameLocator chat, String text) {
        BrowserHarness.typeInFrame(chat.getByTestId("composer"), text);
        chat.getByTestId("send").click();
        try {
            // The message shows at once (pending until acked); if not, say what the page looked like.
            assertThat(chat.locator("[data-testid=message]").filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText(text)).first()).isAttached();
        } catch (AssertionError e) {
            System.out.println("DIAGNOSIS composer='" + chat.getByTestId("composer").inputValue() + "' body=" + chat.locator("body").innerHTML()
                    + " frames=" + chat.owner().page().frames().stream().map(f -> f.url()).toList()
                    + " iframes=" + chat.owner().page().locator("iframe").count());
            throw e;
        }
    }

    /** Texts of committed messages (those with a seq), in display order, checked to be gap-free 1..n. */
    static List<String> committedTexts(FrameLocator chat, int expected) {
        var committed = chat.locator(COMMITTED);
        assertThat(committed).hasCount(expected);
        var texts = new ArrayList<String>();
        var seqs = new ArrayList<Integer>();
        for (var m : committed.all()) {
            seqs.add(Integer.parseInt(m.getAttribute("data-seq")));
            texts.add(m.textContent());
        }
        for (int i = 0; i < seqs.size(); i++) {
            assertEquals(i + 1, seqs.get(i), "messages shown in server order without gaps: " + seqs);
        }
        return texts;
    }

    static final String COMMITTED = "[data-testid=message][data-seq]:not([data-seq='']):not([data-author=system])";

    static com.microsoft.playwright.Locator visitorMessages(FrameLocator chat) {
        return chat.locator("[data-testid=message]:not([data-author=system])");
    }

    static com.microsoft.playwright.Locator openPanel(Page console) {
        console.getByTestId("conversation-row").first().click();
        return console.getByTestId("chat-panel").first();
    }

    @Test
    void visitor_and_agent_see_each_others_messages_live_and_history_survives_reload() throws Exception {
        var s = harness.newSite("Ann");
        var console = harness.signedInConsole(s);
        var visitor = harness.newContext().newPage();
        var shop = harness.embeddingPage("/chat-" + System.nanoTime() + ".html", s.site(), "", "<p>Bikes</p>", null);
        visitor.navigate(shop);
        assertThat(visitor.getByTestId("agent-status")).hasAttribute("data-status", "online");

        var chat = openChat(visitor);
        send(chat, "hello 你好 😀");
        assertThat(chat.locator("[data-testid=message][data-author=visitor][data-seq='1']")).containsText("hello 你好 😀");

        assertThat(console.getByTestId("conversation-row").first()).hasAttribute("data-unread", "1");
        var panel = openPanel(console);
        assertThat(panel.locator("[data-testid=message][data-author=visitor]")).containsText("hello 你好 😀");
        assertThat(console.getByTestId("conversation-row").first()).hasAttribute("data-unread", "0");

        panel.getByTestId("composer").fill("Hi! Which bike? 🚲");
        panel.getByTestId("send").click();
        assertThat(chat.locator("[data-testid=message][data-author=agent][data-seq='2']")).containsText("Hi! Which bike? 🚲");

        visitor.reload();
        // The window the visitor had open is open again after the reload, without a click.
        assertThat(visitor.getByTestId("parley-frame")).isVisible();
        assertThat(visitor.getByTestId("parley-launcher")).hasAttribute("aria-expanded", "true");
        var reloaded = openChat(visitor);
        var texts = committedTexts(reloaded, 2);
        assertEquals(2, texts.size());
        org.junit.jupiter.api.Assertions.assertTrue(texts.get(0).contains("hello 你好 😀"), texts.toString());
        org.junit.jupiter.api.Assertions.assertTrue(texts.get(1).contains("Hi! Which bike? 🚲"), texts.toString());

        // Another page of the same site keeps the conversation too.
        visitor.navigate(harness.embeddingPage("/other-" + System.nanoTime() + ".html", s.site(), "", "<p>Other page</p>", null));
        committedTexts(openChat(visitor), 2);
        visitor.context().close();
        console.context().close();
    }

    @Test
    void times_follow_the_browsers_own_locale_not_the_ui_language() throws Exception {
        // German browsers: the UI falls back to English, but times are German, 24-hour ("20:13", not "8:13 PM").
        var german = new Browser.NewContextOptions().setLocale("de-DE").setTimezoneId("Europe/Berlin");
        var s = harness.newSite("Dora");
        var console = harness.signedInConsole(s, german);
        var visitor = harness.newContext(german).newPage();
        visitor.navigate(harness.embeddingPage("/times-" + System.nanoTime() + ".html", s.site(), "", "", null));
        var chat = openChat(visitor);
        send(chat, "wie spät?");
        var twentyFourHour = java.util.regex.Pattern.compile("^\\d{1,2}:\\d{2}$");
        assertThat(chat.locator("[data-testid=message][data-seq='1'] .message-meta")).hasText(twentyFourHour);
        var panel = openPanel(console);
        assertThat(panel.locator("[data-testid=message][data-author=visitor] time")).hasText(twentyFourHour);
        assertThat(console.getByTestId("conversation-row").first().locator("time")).hasText(twentyFourHour);
    }

    @Test
    void messages_sent_while_the_visitor_is_offline_arrive_once_each_in_order() throws Exception {
        var s = harness.newSite("Ben");
        var console = harness.signedInConsole(s);
        var visitor = harness.newContext().newPage();
        visitor.navigate(harness.embeddingPage("/offline-" + System.nanoTime() + ".html", s.site(), "", "", null));
        var chat = openChat(visitor);
        send(chat, "are you there?");
        assertThat(chat.locator("[data-testid=message][data-seq='1']")).isVisible();
        var panel = openPanel(console);

        visitor.context().setOffline(true);
        harness.visitorProxy.cut();
        assertThat(chat.getByTestId("connection-status")).not().hasAttribute("data-state", "online");

        for (var text : List.of("one", "two", "three")) {
            panel.getByTestId("composer").fill(text);
            panel.getByTestId("send").click();
        }
        assertThat(panel.locator("[data-testid=message][data-seq='4']")).containsText("three");

        harness.visitorProxy.restore();
        visitor.context().setOffline(false);
        assertThat(chat.getByTestId("connection-status")).hasAttribute("data-state", "online");
        var texts = committedTexts(chat, 4);
        var expected = List.of("are you there?", "one", "two", "three");
        for (int i = 0; i < 4; i++) {
            org.junit.jupiter.api.Assertions.assertTrue(texts.get(i).contains(expected.get(i)), "in order, once each: " + texts);
        }
        assertThat(visitorMessages(chat)).hasCount(4);
        visitor.context().close();
        console.context().close();
    }

    @Test
    void two_tabs_of_one_visitor_mirror_one_conversation() throws Exception {
        var s = harness.newSite("Cleo");
        var console = harness.signedInConsole(s);
        var context = harness.newContext();
        var url = harness.embeddingPage("/tabs-" + System.nanoTime() + ".html", s.site(), "", "", null);
        var tab1 = context.newPage();
        tab1.navigate(url);
        var chat1 = openChat(tab1);
        send(chat1, "from tab one");
        assertThat(chat1.locator("[data-testid=message][data-seq='1']")).isVisible();

        var tab2 = context.newPage();
        tab2.navigate(url);
        var chat2 = openChat(tab2);
        assertThat(chat2.locator("[data-testid=message][data-seq='1']")).containsText("from tab one");
        send(chat2, "from tab two");
        assertThat(chat1.locator("[data-testid=message][data-seq='2']")).containsText("from tab two");

        var panel = openPanel(console);
        panel.getByTestId("composer").fill("agent to both");
        panel.getByTestId("send").click();
        assertThat(chat1.locator("[data-testid=message][data-seq='3']")).containsText("agent to both");
        assertThat(chat2.locator("[data-testid=message][data-seq='3']")).containsText("agent to both");
        assertThat(visitorMessages(chat1)).hasCount(3);
        assertThat(visitorMessages(chat2)).hasCount(3);
        assertThat(console.getByTestId("conversation-row")).hasCount(1);
        context.close();
        console.context().close();
    }

    @Test
    void visitor_sees_agents_go_away_and_come_back_live() throws Exception {
        var s = harness.newSite("Dana");
        var visitor = harness.newContext().newPage();
        visitor.navigate(harness.embeddingPage("/presence-" + System.nanoTime() + ".html", s.site(), "", "", null));
        assertThat(visitor.getByTestId("agent-status")).hasAttribute("data-status", "offline");
        var console = harness.signedInConsole(s);
        assertThat(visitor.getByTestId("agent-status")).hasAttribute("data-status", "online");
        console.getByTestId("presence-toggle").click();
        assertThat(console.getByTestId("presence-toggle")).hasAttribute("data-status", "away");
        assertThat(visitor.getByTestId("agent-status")).hasAttribute("data-status", "offline");
        console.getByTestId("presence-toggle").click();
        assertThat(visitor.getByTestId("agent-status")).hasAttribute("data-status", "online");
        console.context().close();
        assertThat(visitor.getByTestId("agent-status")).hasAttribute("data-status", "offline");
        visitor.context().close();
    }

    @Test
    void console_lists_the_online_visitor_with_the_page_they_are_on() throws Exception {
        var s = harness.newSite("Eve");
        var console = harness.signedInConsole(s);
        var visitor = harness.newContext().newPage();
        visitor.navigate(harness.embeddingPage("/pricing-" + System.nanoTime() + ".html", s.site(), "", "", null));
        var row = console.getByTestId("visitor-row");
        assertThat(row).hasCount(1);
        assertThat(row).containsText("Customer page /pricing-");
        visitor.context().close();
        assertThat(console.getByTestId("visitor-row")).hasCount(0);
        console.context().close();
    }

    @Test
    void launcher_and_composer_work_from_the_keyboard() throws Exception {
        var s = harness.newSite("Finn");
        var console = harness.signedInConsole(s); // an agent online: the visitor gets the composer, not the leave-a-message form
        var visitor = harness.newContext().newPage();
        visitor.navigate(harness.embeddingPage("/keys-" + System.nanoTime() + ".html", s.site(), "", "<a href='#'>first link</a>", null));
        visitor.getByTestId("parley-launcher").focus();
        visitor.keyboard().press("Enter");
        var chat = visitor.frameLocator("[data-testid=parley-frame]");
        assertThat(chat.getByTestId("connection-status")).hasAttribute("data-state", "online");
        var composer = chat.getByTestId("composer");
        composer.pressSequentially("typed with keys"); // real key events into the focused composer
        assertThat(composer).hasValue("typed with keys");
        composer.press("Enter");
        assertThat(chat.locator("[data-testid=message][data-seq='1']")).containsText("typed with keys");
        assertThat(visitor.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(java.util.regex.Pattern.compile("chat", java.util.regex.Pattern.CASE_INSENSITIVE))).first()).isVisible();
        visitor.context().close();
        console.context().close();
    }
}
