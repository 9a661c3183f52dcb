package dev.parley.tracking;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * One visitor's visits: which visit this is, where it landed and came from, and the pages viewed in it (the last
 * {@value #MAX_PAGES}). A visit continues while the visitor has a connection, and across gaps shorter than the
 * configured new-visit gap (a full page load closes and reopens the chat's socket). Owned by the site hub's context.
 */
public final class VisitTrail {
    public static final int MAX_PAGES = 50;

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
        landing = stored.landing();
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
            landing = page;
            setReferrer(page.referrer());
        }
        lastSeenAt = now;
        return newVisit;
    }

    /** The visitor's last connection closed. */
    public void left(long now) {
        lastSeenAt = now;
    }

    /** Records a page view; returns false (nothing recorded) when it is the page the visitor is already on. */
    public boolean view(PageView page) {
        if (page.url().isEmpty() || page.url().equals(current().url()) && page.title().equals(current().title())) {
            return false;
        }
        if (landing.url().isEmpty()) {
            landing = page;
            if (referrer.isEmpty()) {
                setReferrer(page.referrer());
            }
        }
        remember(page);
        return true;
    }

    private void remember(PageView page) {
        pages.addLast(page);
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
