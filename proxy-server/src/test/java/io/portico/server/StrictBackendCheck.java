package io.portico.server;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The safety net under {@link TestBackend}'s strict mode, registered for every test class of
 * this module (META-INF/services plus junit-platform.properties): after each test (and its
 * after-each methods) it fails the test on violations any open backend saw during it, which
 * covers backends a test shares across methods; after each class it fails on a backend that
 * was never closed (it closes it first, so one leak does not fail the classes after it).
 */
public final class StrictBackendCheck implements AfterEachCallback, AfterAllCallback {

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> found = new ArrayList<>();
        for (TestBackend b : TestBackend.live()) {
            found.addAll(b.takeViolations());
        }
        if (!found.isEmpty()) {
            throw TestBackend.failure(found);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        List<String> leaked = new ArrayList<>();
        for (TestBackend b : TestBackend.live()) {
            leaked.add(b.address());
            b.close();
        }
        if (!leaked.isEmpty()) {
            throw new AssertionError(context.getDisplayName() + " never closed the test backends on " + leaked);
        }
    }
}
