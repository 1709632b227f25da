package org.rocmon.bench.count.internal;

import java.util.Map;

import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.MixinContext;

/** Just enough of the runtime's context for the publisher's own checks. */
final class MapContext implements MixinContext {

    private final Map<String, Object> attributes;

    MapContext(Map<String, Object> attributes) {
        this.attributes = attributes;
    }

    @Override
    public String entityId() {
        return "bench";
    }

    @Override
    public String attributePrefix() {
        return "com.example.occi.monitoring.Count.";
    }

    @Override
    public Map<String, Object> attributes() {
        return attributes;
    }

    @Override
    public String string(String name) throws InvalidAttributeException {
        Object v = attributes.get(name);
        if (v == null) {
            throw new InvalidAttributeException(attributePrefix() + name, "missing");
        }
        return v.toString();
    }

    @Override
    public String string(String name, String fallback) {
        Object v = attributes.get(name);
        return v == null ? fallback : v.toString();
    }

    @Override
    public double number(String name) throws InvalidAttributeException {
        return Double.parseDouble(string(name));
    }

    @Override
    public long integer(String name) throws InvalidAttributeException {
        return Long.parseLong(string(name));
    }

    @Override
    public boolean bool(String name) throws InvalidAttributeException {
        return Boolean.parseBoolean(string(name));
    }

    @Override
    public String channel(String name) throws InvalidAttributeException {
        return string(name);
    }

    @Override
    public long periodMillis() {
        return 200;
    }

    @Override
    public Map<String, Object> resource() {
        return Map.of();
    }
}
