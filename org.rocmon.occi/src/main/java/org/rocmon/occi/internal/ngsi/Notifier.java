package org.rocmon.occi.internal.ngsi;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.http.Problem;
import org.rocmon.occi.internal.frontend.deploy.NodeClient;
import org.rocmon.occi.internal.frontend.model.Entity;

/**
 * The push model: on each {@link #tick} reads the latest values of the entities active subscriptions watch (each
 * entity once per tick), turns what their conditions see into notifications queued per subscription (persisted
 * before anything is sent), and delivers each queue in order on the host's executor, one notification at a time,
 * retrying with exponential back-off. A notification leaves its queue only when the callback answered 2xx, so what
 * was queued survives a restart and is delivered once the callback is back (a crash between the 2xx and the store
 * update may deliver that one again).
 */
final class Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A subscription with its run-time flags; every change happens under its monitor. */
    static final class Entry {
        final Subscription s;
        boolean busy;
        boolean deleted;

        Entry(Subscription s) {
            this.s = s;
        }
    }

    /** Timing of deliveries. */
    record Limits(int maxPending, long retryMinMillis, long retryMaxMillis) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final NgsiEntities entities;
    private final SubscriptionStore store;
    private final NodeClient http;
    private final Executor executor;
    private final LongSupplier clock;
    private final Limits limits;

    Notifier(NgsiEntities entities, SubscriptionStore store, NodeClient http, Executor executor, LongSupplier clock,
            Limits limits) {
        this.entities = entities;
        this.store = store;
        this.http = http;
        this.executor = executor;
        this.clock = clock;
        this.limits = limits;
        for (Subscription s : store.load()) {
            entries.put(s.id, new Entry(s));
        }
    }

    /** @return the entry, or null */
    Entry get(String id) {
        return entries.get(id);
    }

    /** @return every entry, by creation time */
    List<Entry> all() {
        List<Entry> out = new ArrayList<>(entries.values());
        out.sort((a, b) -> a.s.created != b.s.created ? Long.compare(a.s.created, b.s.created)
                : a.s.id.compareTo(b.s.id));
        return out;
    }

    /** Adds a new subscription, stored before it is visible. */
    void add(Subscription s) throws Problem {
        s.created = clock.getAsLong();
        s.since = s.created;
        save(s);
        entries.put(s.id, new Entry(s));
    }

    /** @return the notifier's clock, epoch ms */
    long now() {
        return clock.getAsLong();
    }

    /** Saves an entry's subscription after a change made under its monitor. */
    void save(Subscription s) throws Problem {
        try {
            store.save(s);
        } catch (IOException e) {
            LOG.error("cannot store subscription {}: {}", s.id, e.getMessage());
            throw Problem.of(503, "cannot store the subscription");
        }
    }

    void delete(Entry e) throws Problem {
        synchronized (e) {
            e.deleted = true;
            entries.remove(e.s.id);
            try {
                store.delete(e.s.id);
            } catch (IOException ex) {
                LOG.error("cannot delete subscription {}: {}", e.s.id, ex.getMessage());
                throw Problem.of(503, "cannot delete the stored subscription");
            }
        }
    }

    /** One round: evaluate every active subscription, then start the deliveries that are due. */
    void tick() {
        long now = clock.getAsLong();
        Map<String, Map<String, NgsiEntities.Attr>> read = new HashMap<>();
        for (Entry e : all()) {
            try {
                evaluate(e, now, read);
            } catch (RuntimeException ex) {
                LOG.error("subscription {} could not be evaluated", e.s.id, ex);
            }
        }
        for (Entry e : all()) {
            boolean start;
            synchronized (e) {
                start = !e.busy && due(e, now);
                e.busy |= start;
            }
            if (start) {
                executor.execute(() -> deliver(e));
            }
        }
    }

    private static boolean due(Entry e, long now) {
        return !e.deleted && "active".equals(e.s.status) && !e.s.pending.isEmpty() && now >= e.s.nextAttempt;
    }

    private void evaluate(Entry e, long now, Map<String, Map<String, NgsiEntities.Attr>> read) {
        List<Entity> watched;
        NgsiEntities.Who who;
        synchronized (e) {
            if (e.deleted || !"active".equals(e.s.status) || (e.s.expires != null && now > e.s.expires)) {
                return;
            }
            who = new NgsiEntities.Who(e.s.owner, e.s.ownerAdmin);
            watched = watched(e.s, who);
        }
        Map<Entity, Map<String, NgsiEntities.Attr>> values = new java.util.LinkedHashMap<>();
        for (Entity x : watched) {
            // Read once per round for each (entity, reader): a user's view of a resource leaves out others' collectors.
            String key = x.id + (who.admin() ? "" : " " + who.user());
            Map<String, NgsiEntities.Attr> attrs = read.get(key);
            if (attrs == null) {
                try {
                    attrs = entities.attrs(who, x);
                } catch (Problem p) {
                    attrs = Map.of(); // the node does not answer: nothing new this round
                }
                read.put(key, attrs);
            }
            values.put(x, attrs);
        }
        synchronized (e) {
            if (e.deleted) {
                return;
            }
            boolean changed = false;
            for (Map.Entry<Entity, Map<String, NgsiEntities.Attr>> v : values.entrySet()) {
                Conditions.Outcome o = Conditions.evaluate(e.s, v.getKey().id, v.getValue());
                changed |= o.seenChanged();
                if (o.fire() && (e.s.throttling == 0 || now - e.s.lastFired >= e.s.throttling * 1000)) {
                    enqueue(e.s, v.getKey(), v.getValue(), now);
                    changed = true;
                }
            }
            if (changed) {
                try {
                    save(e.s);
                } catch (Problem p) {
                    // logged; kept in memory and written with the next change
                }
            }
        }
    }

    /** @return the entities a subscription watches that its owner still sees */
    List<Entity> watched(Subscription s, NgsiEntities.Who who) {
        List<Entity> out = new ArrayList<>();
        for (Subscription.Selector sel : s.entities) {
            if (sel.id != null) {
                Entity x = entities.find(who, sel.id, sel.type);
                if (x != null && !out.contains(x)) {
                    out.add(x);
                }
            } else {
                Pattern p = Pattern.compile(sel.idPattern);
                for (Entity x : entities.select(who, sel.type, p)) {
                    if (!out.contains(x)) {
                        out.add(x);
                    }
                }
            }
        }
        return out;
    }

    private void enqueue(Subscription s, Entity x, Map<String, NgsiEntities.Attr> attrs, long now) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("subscriptionId", s.id);
        body.putArray("data").add(NgsiEntities.render(x, attrs, s.notifyAttrs, "keyValues".equals(s.attrsFormat)));
        Subscription.Pending p = new Subscription.Pending();
        p.seq = s.nextSeq++;
        p.created = now;
        p.body = body.toString();
        if (s.pending.size() >= limits.maxPending()) {
            s.pending.remove(0);
            s.dropped++;
        }
        s.pending.add(p);
        s.lastFired = now;
    }

    /** Sends the queue of one subscription in order until it is empty or an attempt fails. */
    void deliver(Entry e) {
        while (true) {
            Subscription.Pending head;
            String url;
            synchronized (e) {
                if (!due(e, clock.getAsLong())) {
                    e.busy = false;
                    return;
                }
                head = e.s.pending.get(0);
                url = e.s.url;
            }
            int status = 0;
            String failure = null;
            try {
                NodeClient.Reply r = http.send("POST", URI.create(url), head.body);
                status = r.status;
                if (!r.ok()) {
                    failure = "callback answered " + r.status;
                }
            } catch (IOException | RuntimeException ex) {
                failure = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
            }
            synchronized (e) {
                long now = clock.getAsLong();
                Subscription s = e.s;
                s.timesSent++;
                s.lastNotification = now;
                if (failure == null) {
                    if (!s.pending.isEmpty() && s.pending.get(0).seq == head.seq) {
                        s.pending.remove(0);
                    }
                    s.delivered++;
                    s.lastSuccess = now;
                    s.lastSuccessCode = status;
                    s.failsCounter = 0;
                    s.nextAttempt = 0;
                } else {
                    s.failed++;
                    s.failsCounter++;
                    s.lastFailure = now;
                    s.lastFailureReason = failure;
                    s.nextAttempt = now + backoff(s.failsCounter);
                }
                if (!e.deleted) {
                    try {
                        save(s);
                    } catch (Problem p) {
                        // logged; the queue in memory is still right
                    }
                }
                if (failure != null) {
                    e.busy = false;
                    return;
                }
            }
        }
    }

    /** @return the wait after the n-th failure in a row: min, doubled each time, at most max */
    long backoff(long failures) {
        long wait = limits.retryMinMillis() << Math.min(20, Math.max(0, failures - 1));
        return Math.min(limits.retryMaxMillis(), wait);
    }

    /** @return a JSON body's parsed form, for tests */
    static JsonNode parse(String body) throws IOException {
        return MAPPER.readTree(body);
    }
}
