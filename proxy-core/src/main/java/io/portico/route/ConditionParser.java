package io.portico.route;

import io.portico.route.ConditionLexer.Kind;
import io.portico.route.ConditionLexer.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive descent over the tokens, building the matcher tree as it goes. Precedence as in C:
 * <pre>
 *   or      := and ( '||' and )*
 *   and     := unary ( '&&' unary )*
 *   unary   := '!' unary | primary
 *   primary := '(' or ')' | IDENT '(' [ literal ( ',' literal )* ] ')'
 * </pre>
 * Runs once per expression at config load.
 */
final class ConditionParser {
    /** Deeper nesting than this is refused rather than risking the stack. */
    static final int MAX_DEPTH = 100;

    private final List<Token> tokens;
    private int at;
    private int depth;

    private ConditionParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static Condition parse(String expression) {
        ConditionParser p = new ConditionParser(ConditionLexer.tokenize(expression));
        if (p.peek().kind() == Kind.EOF) {
            throw new ConditionException(p.peek().pos(), "empty condition: expected a primitive such as default_t()");
        }
        Condition c = p.or();
        Token rest = p.peek();
        if (rest.kind() != Kind.EOF) {
            String hint = rest.kind() == Kind.RPAREN ? ": this ')' has no matching '('" : ": join conditions with && or ||";
            throw new ConditionException(rest.pos(), "found " + rest.describe() + " after a complete condition" + hint);
        }
        return c;
    }

    private Condition or() {
        Condition c = and();
        while (peek().kind() == Kind.OR) {
            at++;
            c = new Logic.Or(c, and());
        }
        return c;
    }

    private Condition and() {
        Condition c = unary();
        while (peek().kind() == Kind.AND) {
            at++;
            c = new Logic.And(c, unary());
        }
        return c;
    }

    private Condition unary() {
        Token t = peek();
        if (t.kind() != Kind.NOT) {
            return primary();
        }
        at++;
        enter(t);
        Condition operand = unary();
        depth--;
        return new Logic.Not(operand);
    }

    private Condition primary() {
        Token t = next();
        switch (t.kind()) {
            case LPAREN -> {
                enter(t);
                Condition c = or();
                depth--;
                Token close = next();
                if (close.kind() != Kind.RPAREN) {
                    throw new ConditionException(close.pos(), "expected ')' to close the '(' at " + t.pos() + ", found " + close.describe());
                }
                return c;
            }
            case IDENT -> {
                return call(t);
            }
            case BOOL -> throw new ConditionException(t.pos(),
                    "a bare " + t.text() + " is not a condition: write default_t() for always, !default_t() for never");
            default -> throw new ConditionException(t.pos(), "expected a primitive, '(' or '!', found " + t.describe());
        }
    }

    private Condition call(Token name) {
        Primitives.Spec spec = Primitives.spec(name);
        Token open = next();
        if (open.kind() != Kind.LPAREN) {
            throw new ConditionException(open.pos(), "expected '(' after " + name.text() + ", found " + open.describe()
                    + ": write " + spec.signature());
        }
        List<Token> args = new ArrayList<>(3);
        if (peek().kind() == Kind.RPAREN) {
            return spec.build(name, args, next());
        }
        while (true) {
            Token arg = next();
            if (arg.kind() != Kind.STRING && arg.kind() != Kind.BOOL && arg.kind() != Kind.INT) {
                throw new ConditionException(arg.pos(), name.text() + ": expected an argument (a string or a bool), found "
                        + arg.describe() + ": write " + spec.signature());
            }
            args.add(arg);
            Token sep = next();
            if (sep.kind() == Kind.RPAREN) {
                return spec.build(name, args, sep);
            }
            if (sep.kind() != Kind.COMMA) {
                throw new ConditionException(sep.pos(), name.text() + ": expected ',' or ')' after argument " + args.size()
                        + ", found " + sep.describe());
            }
        }
    }

    private void enter(Token t) {
        if (++depth > MAX_DEPTH) {
            throw new ConditionException(t.pos(), "condition nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private Token peek() {
        return tokens.get(at);
    }

    private Token next() {
        Token t = tokens.get(at);
        if (t.kind() != Kind.EOF) {
            at++;
        }
        return t;
    }
}
