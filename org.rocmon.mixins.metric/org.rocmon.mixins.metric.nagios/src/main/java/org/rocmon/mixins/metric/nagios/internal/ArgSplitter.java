package org.rocmon.mixins.metric.nagios.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an argument line the way a POSIX shell splits words, without anything else a shell does (no variables,
 * globs, redirections or command substitution): whitespace separates, '...' is literal, "..." is literal except
 * for backslash before " or \, and a backslash outside quotes takes the next character literally.
 */
final class ArgSplitter {

    private ArgSplitter() {
    }

    /**
     * @param line the arguments as one string
     * @return the arguments
     * @throws IllegalArgumentException on an unterminated quote, a trailing backslash or a NUL character
     */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        if (line == null) {
            return out;
        }
        if (line.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("arguments cannot contain a NUL character");
        }
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i++);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if (c == '\'') {
                inWord = true;
                int close = line.indexOf('\'', i);
                if (close < 0) {
                    throw new IllegalArgumentException("unterminated ' quote");
                }
                word.append(line, i, close);
                i = close + 1;
            } else if (c == '"') {
                inWord = true;
                boolean closed = false;
                while (i < n) {
                    char d = line.charAt(i++);
                    if (d == '"') {
                        closed = true;
                        break;
                    }
                    if (d == '\\' && i < n && (line.charAt(i) == '"' || line.charAt(i) == '\\')) {
                        d = line.charAt(i++);
                    }
                    word.append(d);
                }
                if (!closed) {
                    throw new IllegalArgumentException("unterminated \" quote");
                }
            } else if (c == '\\') {
                if (i >= n) {
                    throw new IllegalArgumentException("trailing backslash");
                }
                inWord = true;
                word.append(line.charAt(i++));
            } else {
                inWord = true;
                word.append(c);
            }
        }
        if (inWord) {
            out.add(word.toString());
        }
        return out;
    }
}
