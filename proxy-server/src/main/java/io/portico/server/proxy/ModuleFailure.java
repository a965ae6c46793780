package io.portico.server.proxy;

/**
 * A module broke the rules at a callback point: it threw, returned null, or returned a verdict
 * the point does not honour. Fails only the request (500) or connection it happened on.
 */
public final class ModuleFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String module;
    private final String point;

    ModuleFailure(String module, String point, String message, Throwable cause) {
        super("module " + module + " at " + point + ": " + message, cause);
        this.module = module;
        this.point = point;
    }

    public String module() {
        return module;
    }

    public String point() {
        return point;
    }
}
