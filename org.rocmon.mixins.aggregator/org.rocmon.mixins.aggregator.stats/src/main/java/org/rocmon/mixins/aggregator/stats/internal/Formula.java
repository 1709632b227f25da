package org.rocmon.mixins.aggregator.stats.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.rocmon.api.mixin.InvalidAttributeException;

/**
 * The formula of {@link Combine}: numbers, channel names, {@code + - * /}, parentheses, {@code min(..)} and
 * {@code max(..)} with one or more arguments. A small recursive-descent parser of its own, because a script engine
 * would run whatever a sensor description holds: this grammar can only do arithmetic.
 *
 * <pre>
 * expr    := term (('+' | '-') term)*
 * term    := unary (('*' | '/') unary)*
 * unary   := '-' unary | primary
 * primary := number | name | ('min' | 'max') '(' expr (',' expr)* ')' | '(' expr ')'
 * name    := [A-Za-z_][A-Za-z0-9_.:]*  |  '...' (any channel name, e.g. 'cpu-load')
 * </pre>
 */
final class Formula {

    /** Longest formula taken. */
    static final int MAX_LENGTH = 2000;
    /** Deepest nesting taken, so a hostile formula cannot exhaust the stack. */
    static final int MAX_DEPTH = 64;

    /** A compiled node: evaluated over the current value of each input, by index. */
    interface Node {
        double eval(double[] values);
    }

    private final String text;
    private final String attribute;
    private final List<String> names;
    private final Set<String> used = new LinkedHashSet<>();
    private int pos;
    private int depth;

    private Formula(String text, String attribute, List<String> names) {
        this.text = text;
        this.attribute = attribute;
        this.names = names;
    }

    /** The compiled formula and the channels it reads. */
    record Compiled(Node root, Set<String> used) {
    }

    /**
     * @param text the formula
     * @param attribute full attribute name, for refusals
     * @param names the input channels the formula may name; index i is {@code values[i]} at evaluation
     * @throws InvalidAttributeException naming the attribute, the position and what is wrong
     */
    static Compiled compile(String text, String attribute, List<String> names) throws InvalidAttributeException {
        if (text == null || text.isBlank()) {
            throw new InvalidAttributeException(attribute, "attribute '" + attribute + "' is an empty formula");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidAttributeException(attribute, "attribute '" + attribute + "' is longer than "
                    + MAX_LENGTH + " characters");
        }
        Formula f = new Formula(text, attribute, names);
        Node root = f.expr();
        f.skip();
        if (f.pos < text.length()) {
            throw f.error("unexpected '" + text.charAt(f.pos) + "'");
        }
        return new Compiled(root, f.used);
    }

    private Node expr() throws InvalidAttributeException {
        enter();
        Node left = term();
        while (true) {
            skip();
            if (eat('+')) {
                Node l = left;
                Node r = term();
                left = v -> l.eval(v) + r.eval(v);
            } else if (eat('-')) {
                Node l = left;
                Node r = term();
                left = v -> l.eval(v) - r.eval(v);
            } else {
                depth--;
                return left;
            }
        }
    }

    private Node term() throws InvalidAttributeException {
        Node left = unary();
        while (true) {
            skip();
            if (eat('*')) {
                Node l = left;
                Node r = unary();
                left = v -> l.eval(v) * r.eval(v);
            } else if (eat('/')) {
                Node l = left;
                Node r = unary();
                left = v -> l.eval(v) / r.eval(v);
            } else {
                return left;
            }
        }
    }

    private Node unary() throws InvalidAttributeException {
        skip();
        if (eat('-')) {
            enter();
            Node n = unary();
            depth--;
            return v -> -n.eval(v);
        }
        return primary();
    }

    private Node primary() throws InvalidAttributeException {
        skip();
        if (pos >= text.length()) {
            throw error("the formula ends where a number, a channel or '(' is expected");
        }
        char c = text.charAt(pos);
        if (eat('(')) {
            Node n = expr();
            skip();
            if (!eat(')')) {
                throw error("')' expected");
            }
            return n;
        }
        if (Character.isDigit(c) || c == '.') {
            return number();
        }
        if (c == '\'') {
            int end = text.indexOf('\'', pos + 1);
            if (end < 0) {
                throw error("unterminated quoted channel name");
            }
            String name = text.substring(pos + 1, end);
            int at = pos;
            pos = end + 1;
            return channel(name, at);
        }
        if (Character.isLetter(c) || c == '_') {
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || "_.:".indexOf(
                    text.charAt(pos)) >= 0)) {
                pos++;
            }
            String name = text.substring(start, pos);
            skip();
            if ((name.equals("min") || name.equals("max")) && eat('(')) {
                return function(name.equals("min"));
            }
            return channel(name, start);
        }
        throw error("unexpected '" + c + "'");
    }

    private Node function(boolean min) throws InvalidAttributeException {
        List<Node> args = new ArrayList<>();
        do {
            args.add(expr());
            skip();
        } while (eat(','));
        if (!eat(')')) {
            throw error("')' or ',' expected in " + (min ? "min" : "max") + "(...)");
        }
        Node[] a = args.toArray(new Node[0]);
        return v -> {
            double r = a[0].eval(v);
            for (int i = 1; i < a.length; i++) {
                double x = a[i].eval(v);
                r = min ? Math.min(r, x) : Math.max(r, x);
            }
            return r;
        };
    }

    private Node number() throws InvalidAttributeException {
        int start = pos;
        while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
            pos++;
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
        }
        String s = text.substring(start, pos);
        try {
            double d = Double.parseDouble(s);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return v -> d;
        } catch (NumberFormatException e) {
            pos = start;
            throw error("'" + s + "' is not a number");
        }
    }

    private Node channel(String name, int at) throws InvalidAttributeException {
        int i = names.indexOf(name);
        if (i < 0) {
            pos = at;
            throw error("'" + name + "' is not one of the input channels " + names
                    + " (name a channel with an in1..in8 attribute)");
        }
        used.add(name);
        return v -> v[i];
    }

    private void enter() throws InvalidAttributeException {
        if (++depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private boolean eat(char c) {
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skip() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private InvalidAttributeException error(String what) {
        return new InvalidAttributeException(attribute, "attribute '" + attribute + "': " + what + " at position "
                + (pos + 1) + " of the formula '" + (text.length() > 80 ? text.substring(0, 80) + "..." : text) + "'");
    }
}
