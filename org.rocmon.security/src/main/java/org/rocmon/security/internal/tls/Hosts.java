package org.rocmon.security.internal.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Host names and IP literals as certificates name them; never a DNS lookup. */
final class Hosts {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private Hosts() {
    }

    /** @return true for an IPv4 or IPv6 literal (with or without brackets) */
    static boolean isAddress(String host) {
        String h = bare(host);
        return IPV4.matcher(h).matches() || h.contains(":");
    }

    /** @return the host without IPv6 brackets */
    static String bare(String host) {
        String h = host.trim();
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    /** @return one spelling per host: addresses in the JDK's canonical form, names in lower case */
    static String canonical(String host) {
        String h = bare(host);
        if (isAddress(h)) {
            try {
                return InetAddress.getByName(h).getHostAddress(); // a literal: parsed, not looked up
            } catch (UnknownHostException e) {
                return h.toLowerCase(Locale.ROOT);
            }
        }
        return h.toLowerCase(Locale.ROOT);
    }

    /** @return true for 127.0.0.0/8, ::1 and localhost; false for a wildcard (which binds every interface) */
    static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String h = canonical(host);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("0:0:0:0:0:0:0:1");
    }

    /** @return true for a valid host name or IP literal as a certificate may name it */
    static boolean valid(String host) {
        String h = bare(host);
        if (isAddress(h)) {
            try {
                InetAddress.getByName(h);
                return true;
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return h.matches("(?i)(\\*\\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    }
}
