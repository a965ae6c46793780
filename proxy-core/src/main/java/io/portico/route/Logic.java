package io.portico.route;

/** The operators of the condition language and {@code default_t()}; immutable matcher nodes. */
final class Logic {
    private Logic() {
    }

    /** {@code default_t()}: matches every request. */
    record Always() implements Condition {
        @Override
        public boolean test(RouteRequest request) {
            return true;
        }
    }

    /** {@code left && right}, right evaluated only when left holds. */
    record And(Condition left, Condition right) implements Condition {
        @Override
        public boolean test(RouteRequest request) {
            return left.test(request) && right.test(request);
        }
    }

    /** {@code left || right}, right evaluated only when left fails. */
    record Or(Condition left, Condition right) implements Condition {
        @Override
        public boolean test(RouteRequest request) {
            return left.test(request) || right.test(request);
        }
    }

    record Not(Condition operand) implements Condition {
        @Override
        public boolean test(RouteRequest request) {
            return !operand.test(request);
        }
    }
}
