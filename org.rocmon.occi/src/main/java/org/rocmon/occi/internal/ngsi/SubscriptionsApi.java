package org.rocmon.occi.internal.ngsi;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.rocmon.http.Problem;

/**
 * {@code /v2/subscriptions}: list (limit, offset, options=count) and create; {@code /v2/subscriptions/{id}}: get,
 * patch (any top-level field; {@code status} active or inactive pauses and resumes) and delete. A user sees their
 * own subscriptions, an admin all; another's answers 404.
 */
final class SubscriptionsApi {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Notifier notifier;
    private final SubscriptionJson json;

    SubscriptionsApi(Notifier notifier, SubscriptionJson json) {
        this.notifier = notifier;
        this.json = json;
    }

    NgsiApi.Answer handle(String method, List<String> seg, Map<String, String> q, JsonNode body,
            NgsiEntities.Who who) throws Problem {
        if (seg.isEmpty()) {
            switch (method) {
                case "GET":
                    return list(q, who);
                case "POST":
                    return create(body, who);
                default:
                    throw Problem.methodNotAllowed(method, List.of("GET", "HEAD", "POST"));
            }
        }
        if (seg.size() > 1) {
            throw Problem.notFound("no resource /v2/subscriptions/" + String.join("/", seg));
        }
        Notifier.Entry e = notifier.get(seg.get(0));
        if (e == null || !(who.admin() || e.s.owner.equals(who.user()))) {
            throw Problem.notFound("no subscription " + seg.get(0));
        }
        switch (method) {
            case "GET":
                synchronized (e) {
                    return NgsiApi.Answer.ok(SubscriptionJson.render(e.s));
                }
            case "PATCH":
                patch(e, body, who);
                return new NgsiApi.Answer(204, null, Map.of());
            case "DELETE":
                notifier.delete(e);
                return new NgsiApi.Answer(204, null, Map.of());
            default:
                throw Problem.methodNotAllowed(method, List.of("GET", "HEAD", "PATCH", "DELETE"));
        }
    }

    private NgsiApi.Answer list(Map<String, String> q, NgsiEntities.Who who) throws Problem {
        int limit = NgsiApi.number(q.get("limit"), "limit", NgsiApi.DEFAULT_LIMIT, 1, NgsiApi.MAX_LIMIT);
        int offset = NgsiApi.number(q.get("offset"), "offset", 0, 0, Integer.MAX_VALUE);
        ArrayNode out = F.arrayNode();
        int total = 0;
        for (Notifier.Entry e : notifier.all()) {
            if (who.admin() || e.s.owner.equals(who.user())) {
                if (total >= offset && out.size() < limit) {
                    synchronized (e) {
                        out.add(SubscriptionJson.render(e.s));
                    }
                }
                total++;
            }
        }
        return new NgsiApi.Answer(200, out, NgsiApi.list(q.get("options")).contains("count")
                ? Map.of("Fiware-Total-Count", String.valueOf(total)) : Map.of());
    }

    private NgsiApi.Answer create(JsonNode body, NgsiEntities.Who who) throws Problem {
        if (body == null || !body.isObject()) {
            throw Problem.badRequest("the body must be a JSON object: a subscription", null);
        }
        if (body.has("id")) {
            throw Problem.badRequest("id is given by Rocmon, not by the request", "id");
        }
        Subscription s = json.parse(body, who);
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        s.id = HexFormat.of().formatHex(id); // 24 hex digits, like Orion's ids
        s.owner = who.user();
        s.ownerAdmin = who.admin();
        notifier.add(s);
        return new NgsiApi.Answer(201, null, Map.of("Location", "/v2/subscriptions/" + s.id));
    }

    private void patch(Notifier.Entry e, JsonNode body, NgsiEntities.Who who) throws Problem {
        if (body == null || !body.isObject() || body.isEmpty()) {
            throw Problem.badRequest("the body must be a JSON object with the fields to change", null);
        }
        if (body.has("id")) {
            throw Problem.badRequest("the id of a subscription cannot change", "id");
        }
        synchronized (e) {
            ObjectNode merged = SubscriptionJson.render(e.s);
            merged.remove("id");
            merged.put("status", e.s.status);
            for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> f = it.next();
                merged.set(f.getKey(), f.getValue());
            }
            // Entities are checked against the owner's rights, whoever patches (an admin may patch a user's).
            Subscription n = json.parse(merged, new NgsiEntities.Who(e.s.owner, e.s.ownerAdmin));
            Subscription s = e.s;
            s.description = n.description;
            if (!"active".equals(s.status) && "active".equals(n.status)) {
                s.since = notifier.now(); // what came while paused is no news
            }
            s.status = n.status;
            s.entities = n.entities;
            s.conditionAttrs = n.conditionAttrs;
            s.notifyOn = n.notifyOn;
            s.above = n.above;
            s.below = n.below;
            s.notifyAttrs = n.notifyAttrs;
            s.attrsFormat = n.attrsFormat;
            if (!n.url.equals(s.url)) {
                s.nextAttempt = 0; // a new callback is tried at once
            }
            s.url = n.url;
            s.throttling = n.throttling;
            s.expires = n.expires;
            notifier.save(s);
        }
    }
}
