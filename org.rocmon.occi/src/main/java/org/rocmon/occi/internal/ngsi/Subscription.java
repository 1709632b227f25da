package org.rocmon.occi.internal.ngsi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One NGSI-v2 subscription as stored under {@code ${rocmon.data}/ngsi/subscriptions/{id}.json}: what it asks for,
 * its counters, what its condition has seen of each (entity, attribute), and the notifications not delivered yet,
 * oldest first. Public fields so that the store reads and writes it with Jackson; changed under the lock of its
 * {@link Notifier} entry only.
 */
public final class Subscription {

    /** Notify when an attribute got a newer value, when its value changed, or when it crossed a threshold. */
    public static final List<String> MODES = List.of("update", "change", "threshold");

    public String id;
    public String owner;
    /** Whether the owner was an admin when subscribing (then every entity matches, as for the admin's queries). */
    public boolean ownerAdmin;
    public String description;
    /** {@code active} or {@code inactive}. */
    public String status = "active";
    public List<Selector> entities = new ArrayList<>();
    public List<String> conditionAttrs = new ArrayList<>();
    public String notifyOn = "change";
    public Double above;
    public Double below;
    public List<String> notifyAttrs = new ArrayList<>();
    public String attrsFormat = "normalized";
    public String url;
    /** At most one notification every this many seconds; 0: no limit. */
    public long throttling;
    /** Epoch ms after which it notifies no more, or null. */
    public Long expires;
    public long created;
    /** Values taken at or before this (epoch ms) are no news: the creation, or the last resumption. */
    public long since;

    /** NGSI's counters: attempts, consecutive failures, times (epoch ms). */
    public long timesSent;
    public long failsCounter;
    public Long lastNotification;
    public Long lastSuccess;
    public Integer lastSuccessCode;
    public Long lastFailure;
    public String lastFailureReason;
    /** Rocmon's: notifications delivered, failed attempts in all, notifications dropped (queue full). */
    public long delivered;
    public long failed;
    public long dropped;

    /** What the condition has seen, by {@code entityId + " " + attribute}. */
    public Map<String, Seen> seen = new LinkedHashMap<>();
    public List<Pending> pending = new ArrayList<>();
    public long nextSeq;
    public long nextAttempt;
    public long lastFired;

    /** One entry of {@code subject.entities}: an id or an id pattern, and a type, each optional. */
    public static final class Selector {
        public String id;
        public String idPattern;
        public String type;
    }

    /** The last value of one attribute the condition saw. */
    public static final class Seen {
        public long ts;
        public JsonNode value;
        /** Threshold condition: whether the value was beyond the threshold. */
        public boolean beyond;
    }

    /** One notification waiting for delivery. */
    public static final class Pending {
        public long seq;
        public long created;
    /** Values taken at or before this (epoch ms) are no news: the creation, or the last resumption. */
    public long since;
        public String body;
    }

    /** @return whether the condition is a threshold crossing */
    boolean threshold() {
        return "threshold".equals(notifyOn);
    }
}
