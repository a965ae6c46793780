/**
 * Test helpers shared by every module's tests: one copy each of the dead port, the raw request
 * and response, the SHA-256 of a body, the fake request, the module harness and the
 * single-cluster config. They live in proxy-core's tests because all three modules can reach
 * them there (proxy-core's own tests included, which a separate test module depending on
 * proxy-core could not serve); proxy-core publishes them as a test-jar holding this package only.
 */
package io.portico.testing;
