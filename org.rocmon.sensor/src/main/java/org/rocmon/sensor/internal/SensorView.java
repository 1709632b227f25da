package org.rocmon.sensor.internal;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.rocmon.api.Measurement;
import org.rocmon.api.attributes.Secrets;
import org.rocmon.api.dto.MixinDTO;
import org.rocmon.json.RocmonJson;
import org.rocmon.sensor.internal.control.ControlRecord;
import org.rocmon.sensor.internal.ingest.CollectorTrack;
import org.rocmon.sensor.internal.pipeline.Stage;

/** Renders sensors as the JSON of GET /sensor/{id}/ and GET /sensor/. */
public final class SensorView {

    private final ObjectMapper mapper;
    private final SensorRegistry registry;
    private final Admission admission;
    private final java.util.function.Function<java.util.Collection<String>, java.util.Set<String>> secrets;

    SensorView(ObjectMapper mapper, SensorRegistry registry, Admission admission,
            java.util.function.Function<java.util.Collection<String>, java.util.Set<String>> secrets) {
        this.mapper = mapper;
        this.secrets = secrets;
        this.registry = registry;
        this.admission = admission;
    }

    /** @return description, status, stages, channels, collectors and warnings */
    public ObjectNode describe(Sensor s) {
        ObjectNode n = s.spec().toJson(mapper);
        // Secrets are write-only: shown as the mask, which a POST of this description back keeps as it was.
        n.set("attributes", mapper.valueToTree(Secrets.masked(s.spec().attributes, secrets.apply(s.spec().mixins))));
        String owner = registry.owner(s.id());
        if (owner != null) {
            n.put("declaredBy", owner);
        }
        String[] state = s.state();
        ObjectNode status = n.putObject("status");
        status.put("state", state[0]);
        if (state[1] != null) {
            status.put("reason", state[1]);
        } else {
            status.putNull("reason");
        }
        status.set("counters", mapper.valueToTree(s.counters().snapshot()));
        SensorJournal journal = s.journal();
        // what an ack means here: disk (committed to the ingest journal, replayed after a crash) or memory
        status.set("acks", mapper.valueToTree(journal == null ? java.util.Map.of("mode", "memory")
                : journal.status()));
        ArrayNode stages = n.putArray("stages");
        for (Stage st : s.stages()) {
            ObjectNode o = stages.addObject();
            MixinDTO info = st.instance().info();
            o.put("mixin", st.mixinId());
            o.put("version", info == null ? null : info.version);
            o.put("kind", st.isAggregator() ? "aggregator" : "publisher");
            o.set("inputs", mapper.valueToTree(st.inputs()));
            o.set("outputs", mapper.valueToTree(st.outputs()));
            o.put("state", st.state());
            o.put("queued", st.queued());
            o.put("congested", st.selfCongested());
            if (st.lastError() != null) {
                o.put("lastError", st.lastError());
            }
            o.set("counters", mapper.valueToTree(st.counters().snapshot()));
        }
        ObjectNode channels = n.putObject("channels");
        for (Map.Entry<String, Measurement> e : new java.util.TreeMap<>(s.router().lastValues()).entrySet()) {
            channels.set(e.getKey(), RocmonJson.tree(e.getValue()));
        }
        ArrayNode collectors = n.putArray("collectors");
        for (Map.Entry<String, CollectorTrack> e : new java.util.TreeMap<>(s.tracks()).entrySet()) {
            ObjectNode c = collectors.addObject();
            CollectorTrack t = e.getValue();
            c.put("id", e.getKey());
            c.put("connected", s.connected(e.getKey()));
            c.put("admitted", admission.admits(s.id(), e.getKey()));
            c.put("lastSeq", t.lastSeq());
            c.put("epoch", t.epoch());
            c.put("frames", t.frames());
            c.put("ackWithheld", s.withholding(e.getKey()));
        }
        n.set("admitted", mapper.valueToTree(admission.admitted(s.id())));
        n.set("edges", mapper.valueToTree(s.edgeStatus()));
        n.set("sources", mapper.valueToTree(new java.util.TreeMap<>(s.sources())));
        ControlRecord control = s.lastControl();
        if (control != null) {
            n.set("control", mapper.valueToTree(control.toMap()));
        }
        n.set("warnings", mapper.valueToTree(s.warnings()));
        n.set("alarms", mapper.valueToTree(s.alarms().describe()));
        return n;
    }
}
