package io.portico.route;

/** A condition expression that does not compile; {@code position} is the 0-based offset in the expression. */
public final class ConditionException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int position;

    public ConditionException(int position, String message) {
        super(message);
        this.position = position;
    }

    public int position() {
        return position;
    }
}
