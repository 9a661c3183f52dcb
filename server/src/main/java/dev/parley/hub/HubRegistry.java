package dev.parley.hub;

import dev.parley.account.Site;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hubs of the sites this node serves, started on first use. Each hub is its own verticle deployment and so
 * gets its own event-loop context; sites spread over the event loops.
 */
public final class HubRegistry {
    private final Vertx vertx;
    private final HubServices services;
    private final Map<String, Future<SiteHub>> hubs = new ConcurrentHashMap<>();

    public HubRegistry(Vertx vertx, HubServices services) {
        this.vertx = vertx;
        this.services = services;
    }

    public Future<SiteHub> hubFor(Site site) {
        return hubs.computeIfAbsent(site.id(), id -> {
            var hub = new SiteHub(site, services);
            return vertx.deployVerticle(hub, new DeploymentOptions().setThreadingModel(ThreadingModel.EVENT_LOOP))
                    .map(deploymentId -> hub)
                    .onFailure(e -> hubs.remove(id));
        });
    }

    /** The running hub of a site, if any (settings changes need not start one). */
    public SiteHub runningHub(String siteId) {
        var future = hubs.get(siteId);
        return future != null && future.succeeded() ? future.result() : null;
    }

    public List<SiteHub> runningHubs() {
        return hubs.values().stream().filter(Future::succeeded).map(Future::result).toList();
    }
}
