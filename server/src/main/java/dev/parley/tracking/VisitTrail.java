package dev.parley.tracking;

import dev.parley.chat.Text;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * One visitor's visits: which visit this is, where it landed and came from, and the pages viewed in it (the last
 * {@value #MAX_PAGES}). A visit continues while the visitor has a connection, and across gaps shorter than the
 * configured new-visit gap (a full page load closes and reopens the chat's socket). Owned by the site hub's context.
 *
 * <p>Every visitor the hub holds has one, departed ones too, so it is kept small: per page only the url (at most
 * {@value #URL_CHARS} characters here; the stored row keeps the full 2,048), the title and the time; the referrer only
 * once, for the visit (an attacker's 2 KB referrer on every page view cost ~220 KB per departed visitor).
 */
public final class VisitTrail {
    public static final int MAX_PAGES = 20;
    static final int URL_CHARS = 1024;

    private int visitCount;
    private long visitStartedAt;
    private long lastSeenAt;
    private PageView landing = PageView.NONE;
    private String referrer = "";
    private String keywords;
    private final ArrayDeque<PageView> pages = new ArrayDeque<>(4); // most visits see a few pages

    /** Continues what the store remembers of this visitor (after a restart, or once the hub forgot them). */
    public void restore(StoredVisit stored) {
        visitCount = stored.visitCount();
        visitStartedAt = stored.visitStartedAt();
        lastSeenAt = stored.lastSeenAt();
        landing = trimmed(stored.landing());
        setReferrer(stored.referrer());
        pages.clear();
        for (var page : stored.pages()) {
            remember(page);
        }
    }

    /**
     * The visitor connects with no other connection open. Returns true when this begins a new visit: the first ever, or
     * one after more than {@code gap} without any connection.
     */
    public boolean arrive(long now, Duration gap, PageView page) {
        boolean newVisit = visitCount == 0 || now - lastSeenAt > gap.toMillis();
        if (newVisit) {
            visitCount++;
            // A landing page stamped a moment before this (when its frame arrived) belongs to the visit.
            visitStartedAt = page.at() > 0 ? Math.min(now, page.at()) : now;
            pages.clear();
            landing = trimmed(page);
            setReferrer(page.referrer());
        }
        lastSeenAt = now;
        return newVisit;
    }

    /** The visitor's last connection closed. */
    public void left(long now) {
        lastSeenAt = now;
    }

    /** Whether {@code page} is a page view worth recording: not empty and not the page the visitor is already on. */
    public boolean isNewPage(PageView page) {
        var at = current();
        var url = Text.clip(page.url(), URL_CHARS);
        return !page.url().isEmpty() && !(url.equals(at.url()) && page.title().equals(at.title()));
    }

    /** Records a page view; returns false (nothing recorded) when it is not a {@link #isNewPage new page}. */
    public boolean view(PageView page) {
        if (!isNewPage(page)) {
            return false;
        }
        if (landing.url().isEmpty()) {
            landing = trimmed(page);
            if (referrer.isEmpty()) {
                setReferrer(page.referrer());
            }
        }
        remember(page);
        return true;
    }

    /**
     * The visitor is on {@code page} now, but it is not recorded as a page of the visit (over the page-view rate): it
     * replaces the newest page. Returns false when it is not a {@link #isNewPage new page}.
     */
    public boolean moveTo(PageView page) {
        if (!isNewPage(page)) {
            return false;
        }
        if (pages.isEmpty()) {
            return view(page);
        }
        pages.removeLast();
        remember(page);
        return true;
    }

    /** What the trail keeps of a page: no referrer (the visit has one), the url clipped. */
    private static PageView trimmed(PageView page) {
        return new PageView(Text.clip(page.url(), URL_CHARS), page.title(), "", page.at());
    }

    private void remember(PageView page) {
        pages.addLast(trimmed(page));
        while (pages.size() > MAX_PAGES) {
            pages.removeFirst();
        }
    }

    private void setReferrer(String value) {
        referrer = value == null ? "" : value;
        keywords = SearchKeywords.fromReferrer(referrer);
    }

    public PageView current() {
        return pages.isEmpty() ? PageView.NONE : pages.peekLast();
    }

    public int visitCount() {
        return visitCount;
    }

    public long visitStartedAt() {
        return visitStartedAt;
    }

    public long lastSeenAt() {
        return lastSeenAt;
    }

    public PageView landing() {
        return landing;
    }

    public String referrer() {
        return referrer;
    }

    public String keywords() {
        return keywords;
    }

    public int pageCount() {
        return pages.size();
    }

    /**
     * Adds the tracking fields of the VISITOR shape (see docs/protocol.md), compact because the agent welcome carries one
     * per online visitor: {@code landing} only when it is not the current page, {@code keywords} only when there are some.
     */
    public JsonObject addTo(JsonObject visitor) {
        var page = current();
        visitor.put("page", new JsonObject().put("url", page.url()).put("title", page.title()).put("at", page.at()));
        if (!landing.url().equals(page.url()) || !landing.title().equals(page.title())) {
            visitor.put("landing", new JsonObject().put("url", landing.url()).put("title", landing.title()));
        }
        visitor.put("referrer", referrer).put("visits", visitCount).put("pageViews", pages.size());
        if (keywords != null) {
            visitor.put("keywords", keywords);
        }
        return visitor;
    }

    /** The pages of this visit, oldest first: {url, title, at}. */
    public JsonArray pagesJson() {
        var list = new JsonArray();
        for (var page : pages) {
            list.add(new JsonObject().put("url", page.url()).put("title", page.title()).put("at", page.at()));
        }
        return list;
    }
}
