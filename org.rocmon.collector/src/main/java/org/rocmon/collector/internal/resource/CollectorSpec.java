package org.rocmon.collector.internal.resource;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A validated collector description: everything needed to run it, plus the body it came from (persisted). */
final class CollectorSpec {

    final String resourceId;
    final String id;
    final ObjectNode body;
    final List<String> mixins;
    final Map<String, Object> attributes;
    final double periodSeconds;
    final long periodMillis;
    final Window window;
    final String target;
    final TargetResolver.Target resolved;
    final String title;
    final String summary;

    CollectorSpec(String resourceId, String id, ObjectNode body, List<String> mixins, Map<String, Object> attributes,
            double periodSeconds, Window window, String target, TargetResolver.Target resolved, String title,
            String summary) {
        this.resourceId = resourceId;
        this.id = id;
        this.body = body;
        this.mixins = List.copyOf(mixins);
        this.attributes = attributes;
        this.periodSeconds = periodSeconds;
        this.periodMillis = Math.max(1, Math.round(periodSeconds * 1000));
        this.window = window;
        this.target = target;
        this.resolved = resolved;
        this.title = title;
        this.summary = summary;
    }

    boolean sameTarget(CollectorSpec other) {
        return other != null && resolved.uri.equals(other.resolved.uri);
    }
}
