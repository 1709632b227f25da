package org.rocmon.catalog.internal.repository;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Version;

/**
 * One resource of an OSGi repository index (R5 XML): its identity, where its content is, and its capabilities and
 * requirements as the index states them. Immutable.
 */
public final class IndexResource {

    /** One capability: namespace, typed attributes ({@link Version}, {@link Long}, {@link Double}, String, List). */
    public static final class Capability {
        final String namespace;
        final Map<String, Object> attributes;

        Capability(String namespace, Map<String, Object> attributes) {
            this.namespace = namespace;
            this.attributes = attributes;
        }

        /** @return its namespace */
        public String namespace() {
            return namespace;
        }

        /** @return its attributes */
        public Map<String, Object> attributes() {
            return attributes;
        }
    }

    /** One requirement: namespace, LDAP filter (or null) and whether it is optional. */
    public static final class Requirement {
        final String namespace;
        final String filter;
        final boolean optional;

        Requirement(String namespace, String filter, boolean optional) {
            this.namespace = namespace;
            this.filter = filter;
            this.optional = optional;
        }

        /** @return its namespace */
        public String namespace() {
            return namespace;
        }

        /** @return its filter directive, or {@code null} */
        public String filter() {
            return filter;
        }

        /** @return whether resolution:=optional */
        public boolean optional() {
            return optional;
        }
    }

    private final String symbolicName;
    private final Version version;
    private final URI content;
    private final List<Capability> capabilities;
    private final List<Requirement> requirements;

    IndexResource(String symbolicName, Version version, URI content, List<Capability> capabilities,
            List<Requirement> requirements) {
        this.symbolicName = symbolicName;
        this.version = version;
        this.content = content;
        this.capabilities = List.copyOf(capabilities);
        this.requirements = List.copyOf(requirements);
    }

    /** @return osgi.identity */
    public String symbolicName() {
        return symbolicName;
    }

    /** @return its version */
    public Version version() {
        return version;
    }

    /** @return absolute URL of the bundle, or {@code null} when the index names none */
    public URI content() {
        return content;
    }

    /** @return every capability */
    public List<Capability> capabilities() {
        return capabilities;
    }

    /** @return every requirement */
    public List<Requirement> requirements() {
        return requirements;
    }

    @Override
    public String toString() {
        return symbolicName + " " + version;
    }
}
