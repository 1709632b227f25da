package org.rocmon.occi.internal.ngsi;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.rocmon.http.Problem;
import org.rocmon.occi.internal.frontend.model.Entity;

/**
 * NGSI-v2 subscriptions read and written: {@link #parse} checks a request body (every refusal a 400 naming the
 * field, or a 404 for an entity the caller does not see), {@link #render} gives the NGSI-v2 shape with the
 * counters. Rocmon's condition extension: {@code subject.condition.notifyOn} ({@code update}, {@code change},
 * {@code threshold}) and {@code subject.condition.threshold} ({@code {"above": x}} or {@code {"below": x}}).
 */
final class SubscriptionJson {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> TOP = Set.of("id", "description", "subject", "notification", "throttling",
            "expires", "status");

    private final NgsiEntities entities;
    private final Callbacks callbacks;

    SubscriptionJson(NgsiEntities entities, Callbacks callbacks) {
        this.entities = entities;
        this.callbacks = callbacks;
    }

    /**
     * @param body a POST body, or a stored subscription's rendering with a PATCH body laid over it
     * @param who the subscriber
     * @return the subscription it asks for (id, owner and counters unset)
     */
    Subscription parse(JsonNode body, NgsiEntities.Who who) throws Problem {
        Subscription s = new Subscription();
        for (Iterator<String> it = body.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!TOP.contains(f)) {
                throw Problem.badRequest("unknown or unsupported field " + f, f)
                        .with("supported", List.copyOf(TOP));
            }
        }
        s.description = text(body, "description", "description", false);
        String status = text(body, "status", "status", false);
        if (status != null && !"active".equals(status) && !"inactive".equals(status)) {
            throw Problem.badRequest("status must be active or inactive", "status");
        }
        s.status = status == null ? "active" : status;
        JsonNode subject = object(body, "subject", "subject");
        JsonNode list = subject.get("entities");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw Problem.badRequest("subject.entities must be a non-empty array", "subject.entities");
        }
        for (int i = 0; i < list.size(); i++) {
            s.entities.add(selector(list.get(i), "subject.entities[" + i + "]", who));
        }
        JsonNode condition = subject.get("condition");
        if (condition != null) {
            condition(condition, s);
        }
        JsonNode n = object(body, "notification", "notification");
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!Set.of("http", "attrs", "attrsFormat").contains(f) && !COUNTERS.contains(f)) {
                throw Problem.badRequest("notification." + f + " is not supported; use notification.http",
                        "notification." + f);
            }
        }
        JsonNode http = object(n, "http", "notification.http");
        String url = text(http, "url", "notification.http.url", true);
        s.url = callbacks.check(url, "notification.http.url", who.admin()).toString();
        s.notifyAttrs = strings(n, "attrs", "notification.attrs");
        String format = text(n, "attrsFormat", "notification.attrsFormat", false);
        if (format != null && !"normalized".equals(format) && !"keyValues".equals(format)) {
            throw Problem.badRequest("notification.attrsFormat must be normalized or keyValues",
                    "notification.attrsFormat");
        }
        s.attrsFormat = format == null ? "normalized" : format;
        JsonNode t = body.get("throttling");
        if (t != null && (!t.canConvertToLong() || !t.isIntegralNumber() || t.asLong() < 0)) {
            throw Problem.badRequest("throttling must be a whole number of seconds, 0 or more", "throttling");
        }
        s.throttling = t == null ? 0 : t.asLong();
        String expires = text(body, "expires", "expires", false);
        if (expires != null) {
            try {
                s.expires = Instant.parse(expires).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw Problem.badRequest("expires must be an ISO-8601 instant such as 2030-01-01T00:00:00Z",
                        "expires");
            }
        }
        return s;
    }

    private static final Set<String> COUNTERS = Set.of("timesSent", "lastNotification", "lastSuccess",
            "lastSuccessCode", "lastFailure", "lastFailureReason", "failsCounter", "rocmon");

    private Subscription.Selector selector(JsonNode e, String field, NgsiEntities.Who who) throws Problem {
        if (!e.isObject()) {
            throw Problem.badRequest(field + " must be an object", field);
        }
        Subscription.Selector sel = new Subscription.Selector();
        sel.id = text(e, "id", field + ".id", false);
        sel.idPattern = text(e, "idPattern", field + ".idPattern", false);
        sel.type = text(e, "type", field + ".type", false);
        if ((sel.id == null) == (sel.idPattern == null)) {
            throw Problem.badRequest(field + " needs exactly one of id and idPattern", field + ".id");
        }
        NgsiEntities.checkType(sel.type, field + ".type");
        NgsiEntities.pattern(sel.idPattern, field + ".idPattern");
        if (sel.id != null) {
            Entity found = entities.find(who, sel.id, sel.type);
            if (found == null) {
                throw new Problem(404, "no entity " + sel.id + (sel.type == null ? "" : " of type " + sel.type),
                        field + ".id");
            }
        }
        return sel;
    }

    private static void condition(JsonNode c, Subscription s) throws Problem {
        if (!c.isObject()) {
            throw Problem.badRequest("subject.condition must be an object", "subject.condition");
        }
        for (Iterator<String> it = c.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!Set.of("attrs", "notifyOn", "threshold", "alterationTypes").contains(f)) {
                throw Problem.badRequest("subject.condition." + f + " is not supported (attrs, notifyOn, threshold,"
                        + " alterationTypes are)", "subject.condition." + f);
            }
        }
        s.conditionAttrs = strings(c, "attrs", "subject.condition.attrs");
        List<String> alterations = strings(c, "alterationTypes", "subject.condition.alterationTypes");
        String on = text(c, "notifyOn", "subject.condition.notifyOn", false);
        if (on == null && !alterations.isEmpty()) {
            if (alterations.equals(List.of("entityUpdate"))) {
                on = "update";
            } else if (alterations.equals(List.of("entityChange"))) {
                on = "change";
            } else {
                throw Problem.badRequest("subject.condition.alterationTypes may be [\"entityUpdate\"] or "
                        + "[\"entityChange\"]", "subject.condition.alterationTypes");
            }
        }
        if (on != null && !Subscription.MODES.contains(on)) {
            throw Problem.badRequest("subject.condition.notifyOn must be one of " + Subscription.MODES,
                    "subject.condition.notifyOn").with("available", Subscription.MODES);
        }
        s.notifyOn = on == null ? "change" : on;
        JsonNode t = c.get("threshold");
        if (s.threshold()) {
            if (t == null || !t.isObject() || t.size() != 1 || !(t.path("above").isNumber()
                    || t.path("below").isNumber())) {
                throw Problem.badRequest("a threshold condition needs subject.condition.threshold {\"above\": n} "
                        + "or {\"below\": n}", "subject.condition.threshold");
            }
            s.above = t.has("above") ? t.get("above").asDouble() : null;
            s.below = t.has("below") ? t.get("below").asDouble() : null;
            if (s.conditionAttrs.isEmpty()) {
                throw Problem.badRequest("a threshold condition names the attributes it watches",
                        "subject.condition.attrs");
            }
        } else if (t != null) {
            throw Problem.badRequest("subject.condition.threshold needs notifyOn threshold",
                    "subject.condition.threshold");
        }
    }

    /** @return the NGSI-v2 rendering, with counters */
    static ObjectNode render(Subscription s) {
        ObjectNode o = F.objectNode();
        o.put("id", s.id);
        if (s.description != null) {
            o.put("description", s.description);
        }
        ObjectNode subject = o.putObject("subject");
        ArrayNode es = subject.putArray("entities");
        for (Subscription.Selector sel : s.entities) {
            ObjectNode e = es.addObject();
            if (sel.id != null) {
                e.put("id", sel.id);
            }
            if (sel.idPattern != null) {
                e.put("idPattern", sel.idPattern);
            }
            if (sel.type != null) {
                e.put("type", sel.type);
            }
        }
        ObjectNode c = subject.putObject("condition");
        strings(c.putArray("attrs"), s.conditionAttrs);
        c.put("notifyOn", s.notifyOn);
        if (s.threshold()) {
            if (s.above != null) {
                c.putObject("threshold").put("above", s.above);
            } else {
                c.putObject("threshold").put("below", s.below);
            }
        }
        ObjectNode n = o.putObject("notification");
        strings(n.putArray("attrs"), s.notifyAttrs);
        n.put("attrsFormat", s.attrsFormat);
        n.putObject("http").put("url", s.url);
        n.put("timesSent", s.timesSent);
        time(n, "lastNotification", s.lastNotification);
        time(n, "lastSuccess", s.lastSuccess);
        if (s.lastSuccessCode != null) {
            n.put("lastSuccessCode", s.lastSuccessCode);
        }
        time(n, "lastFailure", s.lastFailure);
        if (s.lastFailureReason != null) {
            n.put("lastFailureReason", s.lastFailureReason);
        }
        n.put("failsCounter", s.failsCounter);
        n.putObject("rocmon").put("delivered", s.delivered).put("failed", s.failed).put("pending", s.pending.size())
                .put("dropped", s.dropped);
        if (s.throttling > 0) {
            o.put("throttling", s.throttling);
        }
        time(o, "expires", s.expires);
        o.put("status", status(s, System.currentTimeMillis()));
        return o;
    }

    /** @return NGSI's status: inactive, expired, failed (the last attempt failed) or active */
    static String status(Subscription s, long now) {
        if (!"active".equals(s.status)) {
            return s.status;
        }
        if (s.expires != null && now > s.expires) {
            return "expired";
        }
        return s.failsCounter > 0 ? "failed" : "active";
    }

    private static void time(ObjectNode o, String name, Long ms) {
        if (ms != null) {
            o.put(name, Instant.ofEpochMilli(ms).toString());
        }
    }

    private static void strings(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }

    private static JsonNode object(JsonNode parent, String name, String field) throws Problem {
        JsonNode n = parent.get(name);
        if (n == null || !n.isObject()) {
            throw Problem.badRequest(field + " is required and must be an object", field);
        }
        return n;
    }

    private static String text(JsonNode parent, String name, String field, boolean required) throws Problem {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            if (required) {
                throw Problem.badRequest(field + " is required", field);
            }
            return null;
        }
        if (!n.isTextual() || n.asText().isEmpty()) {
            throw Problem.badRequest(field + " must be a non-empty string", field);
        }
        return n.asText();
    }

    private static List<String> strings(JsonNode parent, String name, String field) throws Problem {
        List<String> out = new ArrayList<>();
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw Problem.badRequest(field + " must be an array of strings", field);
        }
        for (JsonNode v : n) {
            if (!v.isTextual() || v.asText().isEmpty()) {
                throw Problem.badRequest(field + " must be an array of non-empty strings", field);
            }
            out.add(v.asText());
        }
        return out;
    }
}
