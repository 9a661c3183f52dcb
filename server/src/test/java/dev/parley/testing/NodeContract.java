package dev.parley.testing;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The shared part of a contract that runs once per backend: one node for the class, with the rate limits out of the
 * way because these tests send many messages quickly. Subclass it in a {@code Contract}, then nest one subclass of
 * that per backend.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class NodeContract {
    protected final Backend backend;
    protected TestNode node;

    protected NodeContract(Backend backend) {
        this.backend = backend;
    }

    @BeforeAll
    protected void startNode() {
        node = TestNode.start(backend, s -> s.withLimits(4000, 10_000, Duration.ofSeconds(10), 100));
    }

    @AfterAll
    protected void stopNode() {
        node.close();
    }
}
