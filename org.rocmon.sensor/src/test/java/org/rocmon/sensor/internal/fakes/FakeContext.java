package org.rocmon.sensor.internal.fakes;

import java.util.Map;

import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.MixinContext;

final class FakeContext implements MixinContext {

    private final String entity;
    private final String prefix;
    private final Map<String, Object> attrs;
    private final long period;

    FakeContext(String entity, String prefix, Map<String, Object> attrs, long period) {
        this.entity = entity;
        this.prefix = prefix;
        this.attrs = attrs;
        this.period = period;
    }

    @Override
    public String entityId() {
        return entity;
    }

    @Override
    public String attributePrefix() {
        return prefix;
    }

    @Override
    public Map<String, Object> attributes() {
        return attrs;
    }

    @Override
    public String string(String name) throws InvalidAttributeException {
        Object v = attrs.get(name);
        if (v == null) {
            throw new InvalidAttributeException(prefix + name, "missing");
        }
        return v.toString();
    }

    @Override
    public String string(String name, String fallback) {
        Object v = attrs.get(name);
        return v == null ? fallback : v.toString();
    }

    @Override
    public double number(String name) throws InvalidAttributeException {
        try {
            return Double.parseDouble(string(name));
        } catch (NumberFormatException e) {
            throw new InvalidAttributeException(prefix + name, "not a number");
        }
    }

    @Override
    public long integer(String name) throws InvalidAttributeException {
        return (long) number(name);
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
        return period;
    }

    @Override
    public Map<String, Object> resource() {
        return Map.of();
    }
}
