package org.rocmon.occi.internal.frontend;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.rocmon.http.Problem;
import org.rocmon.occi.internal.frontend.model.AttributeDef;
import org.rocmon.occi.internal.frontend.model.Category;
import org.rocmon.occi.internal.frontend.model.Entity;
import org.rocmon.occi.internal.frontend.model.Model;

/**
 * Where an ordinary user's mixins may send data: every attribute a mixin declares as a destination ({@code url} or
 * {@code host} in its AttributeSpec) must name a host (and port) on the operator's list; admins may send anywhere.
 * Entries are {@code host}, {@code host:port}, {@code [v6]}, {@code [v6]:port}, an IP address, or a CIDR block
 * ({@code 10.0.0.0/8}). A name entry matches that name (any case); an address or block matches a destination whose
 * every address (a name is resolved) lies in it. An empty list: users may not send to the network at all.
 *
 * <p>Immutable, so one instance is shared by every request.
 */
final class DestinationPolicy {

    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[^:\\[\\]/\\s]+)(?::(\\d{1,5}))?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]{0,252})?");

    static final DestinationPolicy NONE = new DestinationPolicy(List.of());

    private final List<Entry> entries;

    private DestinationPolicy(List<Entry> entries) {
        this.entries = entries;
    }

    /**
     * @param entries the operator's list
     * @return the policy
     * @throws IllegalArgumentException naming the first malformed entry
     */
    static DestinationPolicy of(String[] entries) {
        List<Entry> out = new ArrayList<>();
        for (String raw : entries == null ? new String[0] : entries) {
            out.add(Entry.parse(raw == null ? "" : raw.trim()));
        }
        return new DestinationPolicy(List.copyOf(out));
    }

    /**
     * Refuses the first destination of the entity, new or changed since {@code old}, that is not on the list.
     *
     * @param model the installed mixins, to find their destination attributes
     * @param user the caller, for the detail
     * @param old the entity as stored, or null
     * @param e the entity as it would be
     * @throws Problem 403 naming the attribute and the destination
     */
    void check(Model model, String user, Entity old, Entity e) throws Problem {
        for (String m : e.mixins) {
            Category c = model.find(m);
            if (c == null) {
                continue; // the validator refuses an unknown mixin
            }
            for (Map.Entry<String, AttributeDef> a : c.attributes.entrySet()) {
                String type = a.getValue().rocmonType;
                if (!"url".equals(type) && !"host".equals(type)) {
                    continue;
                }
                Destination now = destination(c, a.getKey(), type, e);
                if (now == null || (old != null && old.mixins.contains(m)
                        && now.equals(destination(c, a.getKey(), type, old)))) {
                    continue;
                }
                if (!allows(now)) {
                    throw new Problem(403, "destination " + now + " of " + a.getKey() + " is not allowed for user "
                            + user + " (role user); an admin may add it to userDestinations of the OCCI front end",
                            a.getKey()).with("mixin", m).with("destination", now.toString());
                }
            }
        }
    }

    /** @return the destination an attribute names (its value, else its default), or null when it names none */
    static Destination destination(Category c, String name, String type, Entity e) {
        Object v = value(c, name, e);
        if (v == null || v.toString().isBlank()) {
            return null;
        }
        String text = v.toString().trim();
        if ("url".equals(type)) {
            try {
                URI uri = new URI(text);
                if (uri.getHost() == null) {
                    return null; // malformed: the validator says so
                }
                int port = uri.getPort();
                if (port < 0) {
                    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                    port = "https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -1;
                }
                return new Destination(strip(uri.getHost()), port);
            } catch (URISyntaxException ex) {
                return null;
            }
        }
        // host: its port is the mixin's attribute named port, when it has one
        int port = -1;
        Object p = c.prefix == null ? null : value(c, c.prefix + "port", e);
        if (p != null) {
            try {
                port = (int) Double.parseDouble(p.toString().trim());
            } catch (NumberFormatException ex) {
                port = -1;
            }
        }
        return new Destination(strip(text), port);
    }

    private static Object value(Category c, String name, Entity e) {
        Object v = e.attributes.get(name);
        if (v == null) {
            AttributeDef d = c.attributes.get(name);
            v = d == null ? null : d.defaultValue;
        }
        return v;
    }

    private static String strip(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    boolean allows(Destination d) {
        List<InetAddress> addresses = null;
        for (Entry entry : entries) {
            if (entry.port >= 0 && entry.port != d.port) {
                continue;
            }
            if (entry.name != null) {
                if (entry.name.equalsIgnoreCase(d.host)) {
                    return true;
                }
                continue;
            }
            if (addresses == null) {
                addresses = resolve(d.host);
            }
            if (!addresses.isEmpty() && addresses.stream().allMatch(entry::contains)) {
                return true;
            }
        }
        return false;
    }

    private static List<InetAddress> resolve(String host) {
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException | SecurityException e) {
            return List.of(); // a name that does not resolve matches no address entry
        }
    }

    @Override
    public String toString() {
        return entries.isEmpty() ? "users may send to no network destination" : "users may send to " + entries;
    }

    /** A host and a port ({@code -1}: none known). */
    static final class Destination {
        final String host;
        final int port;

        Destination(String host, int port) {
            this.host = host;
            this.port = port;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Destination && ((Destination) o).host.equalsIgnoreCase(host)
                    && ((Destination) o).port == port;
        }

        @Override
        public int hashCode() {
            return Objects.hash(host.toLowerCase(Locale.ROOT), port);
        }

        @Override
        public String toString() {
            String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
            return port < 0 ? h : h + ":" + port;
        }
    }

    /** One operator entry: a name, or an address block, each with an optional port. */
    private static final class Entry {
        final String text;
        final String name;
        final byte[] network;
        final int prefix;
        final int port;

        private Entry(String text, String name, byte[] network, int prefix, int port) {
            this.text = text;
            this.name = name;
            this.network = network;
            this.prefix = prefix;
            this.port = port;
        }

        static Entry parse(String s) {
            String bad = "userDestinations: \"" + s + "\" is not host, host:port, [v6]:port or a CIDR block"
                    + " (e.g. 127.0.0.1/8)";
            int slash = s.indexOf('/');
            if (slash > 0) {
                byte[] net = literal(s.substring(0, slash));
                int bits;
                try {
                    bits = Integer.parseInt(s.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(bad);
                }
                if (net == null || bits < 0 || bits > net.length * 8) {
                    throw new IllegalArgumentException(bad);
                }
                return new Entry(s, null, net, bits, -1);
            }
            Matcher m = HOST_PORT.matcher(s);
            if (!m.matches()) {
                throw new IllegalArgumentException(bad);
            }
            int port = -1;
            if (m.group(2) != null) {
                port = Integer.parseInt(m.group(2));
                if (port < 1 || port > 65535) {
                    throw new IllegalArgumentException(bad);
                }
            }
            String host = strip(m.group(1));
            byte[] address = literal(host);
            if (address != null) {
                return new Entry(s, null, address, address.length * 8, port);
            }
            if (m.group(1).startsWith("[") || !NAME.matcher(host).matches()) {
                throw new IllegalArgumentException(bad);
            }
            return new Entry(s, host, null, 0, port);
        }

        /** @return the bytes of an IP address literal (never a DNS lookup), or null */
        private static byte[] literal(String text) {
            String t = strip(text);
            boolean v4 = t.matches("\\d{1,3}(\\.\\d{1,3}){3}");
            boolean v6 = t.indexOf(':') >= 0 && t.matches("[0-9A-Fa-f:.]+");
            if (!v4 && !v6) {
                return null;
            }
            try {
                return InetAddress.getByName(t).getAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }

        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != network.length) {
                return false;
            }
            BigInteger mask = prefix == 0 ? BigInteger.ZERO
                    : BigInteger.ONE.shiftLeft(prefix).subtract(BigInteger.ONE).shiftLeft(b.length * 8 - prefix);
            return new BigInteger(1, b).and(mask).equals(new BigInteger(1, network).and(mask));
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
