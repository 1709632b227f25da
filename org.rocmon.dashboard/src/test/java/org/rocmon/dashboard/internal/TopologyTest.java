package org.rocmon.dashboard.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.Test;

import org.rocmon.api.security.Caller;

public class TopologyTest {

    private static final String L = "http://127.0.0.1:8080";

    /** A front end with one user sensor s1 (paused on its node), a failed sensor on a down node, a compute g1
     *  feeding s1 through c1 (its edge reconnecting), and a sensor "direct" posted to the node outside OCCI. */
    private static FakeNodes deployment() {
        return new FakeNodes()
                .answer(L + "/occi/", "{'resources':["
                        + "{'kind':'http://schemas.ogf.org/occi/monitoring#sensor','id':'s1','attributes':{'rocmon.state':'deployed'}},"
                        + "{'kind':'http://schemas.ogf.org/occi/monitoring#sensor','id':'sx','attributes':{'rocmon.node':'edge','rocmon.state':'failed'}},"
                        + "{'kind':'http://schemas.ogf.org/occi/infrastructure#compute','id':'g1','attributes':{}}],"
                        + "'links':[{'kind':'http://schemas.ogf.org/occi/monitoring#collector','id':'c1',"
                        + "'source':{'location':'/occi/compute/g1'},'target':{'location':'/occi/sensor/s1'},'attributes':{}}]}")
                .answer(L + "/occi/node/", "{'nodes':[{'id':'local','url':'http://x:1','health':'up'},"
                        + "{'id':'edge','url':'http://127.0.0.1:9','health':'down','lastError':'refused'}]}")
                .answer(L + "/sensor/", "[{'id':'s1'},{'id':'direct'}]")
                .answer(L + "/resource/", "{'resources':[{'id':'g1'}],'scheduler':{}}")
                .answer(L + "/sensor/s1/", "{'id':'s1','status':{'state':'paused','counters':{'in':3}},"
                        + "'stages':[{'mixin':'http://example.com/occi/monitoring/aggregator#EWMA','version':'1.0.0','kind':'aggregator'}],"
                        + "'channels':{'a':{'value':1,'ts':5}},'collectors':[],'edges':{}}")
                .answer(L + "/sensor/direct/", "{'id':'direct','status':{'state':'running'},'stages':[],'channels':{},'edges':{}}")
                .answer(L + "/resource/g1/", "{'id':'g1','host':{},'collectors':[{'id':'c1','sensor':'ws://127.0.0.1:8080/sensor/s1/',"
                        + "'status':{'state':'running'},'edge':{'state':'connecting'},"
                        + "'metrics':[{'mixin':'http://example.com/occi/monitoring/metric#CPUPercent','version':'1.2.0'}]},"
                        + "{'id':'cdirect','sensor':'ws://127.0.0.1:8080/sensor/direct/','status':{'state':'running'},'edge':{'state':'connected'},'metrics':[]}]}");
    }

    private static Caller caller(String name, String... roles) {
        Caller c = new Caller();
        c.name = name;
        c.roles = Set.of(roles);
        return c;
    }

    private static Map<String, JsonNode> byId(ObjectNode t) {
        Map<String, JsonNode> m = new HashMap<>();
        t.path("vertices").forEach(v -> m.put(v.path("id").asText(), v));
        t.path("edges").forEach(e -> m.put(e.path("id").asText(), e));
        return m;
    }

    @Test
    public void aUserSeesTheirOccIEntitiesWithTheNodesStates() {
        FakeNodes api = deployment();
        Scope scope = Scope.load(api, L, "Basic dXNlcjpwdw==", caller("alice", "user"));
        assertEquals("the front end is asked with the viewer's credentials", "Basic dXNlcjpwdw==",
                api.viewerAuth.get(L + "/occi/"));
        Map<String, JsonNode> t = byId(Topology.build(api, scope, 1));
        assertEquals("paused", t.get("sensor:s1").path("state").asText());
        assertEquals("failed", t.get("sensor:sx").path("state").asText());
        assertEquals("disconnected", t.get("node:edge").path("state").asText());
        assertEquals("running", t.get("node:local").path("state").asText());
        assertEquals("a running collector whose edge is not connected", "disconnected",
                t.get("collector:c1").path("state").asText());
        assertEquals("resource:g1", t.get("collector:c1").path("source").asText());
        assertEquals("sensor:s1", t.get("collector:c1").path("target").asText());
        assertEquals("1.2.0", t.get("collector:c1").path("detail").path("mixins").get(0).path("version").asText());
        assertEquals("1.0.0", t.get("sensor:s1").path("detail").path("mixins").get(0).path("version").asText());
        assertEquals(3, t.get("sensor:s1").path("detail").path("status").path("counters").path("in").asInt());
        assertNull("not an OCCI entity of hers", t.get("sensor:direct"));
        assertNull(t.get("collector:cdirect"));
        assertTrue(scope.maySee("local", "s1"));
        assertFalse(scope.maySee("local", "direct"));
        assertFalse("s1 is not on edge", scope.maySee("edge", "s1"));
    }

    @Test
    public void anAdminAlsoSeesWhatTheNodesRunOutsideTheFrontEnd() {
        FakeNodes api = deployment();
        Scope scope = Scope.load(api, L, "Basic x", caller("admin", "admin", "user"));
        Map<String, JsonNode> t = byId(Topology.build(api, scope, 1));
        assertEquals("running", t.get("sensor:direct").path("state").asText());
        assertEquals("running", t.get("collector:cdirect").path("state").asText());
        assertTrue(scope.maySee("local", "direct"));
        assertFalse("no such node", scope.maySee("nowhere", "direct"));
        assertEquals("the local node is reached where the request came in, not at the registry's URL", L,
                scope.node("local").url);
    }

    @Test
    public void withoutAFrontEndOnlyAnAdminSeesTheLocalNode() {
        FakeNodes api = deployment().answer(L + "/occi/", "404");
        Scope user = Scope.load(api, L, "Basic x", caller("alice", "user"));
        assertFalse(user.frontEnd);
        Map<String, JsonNode> t = byId(Topology.build(api, user, 1));
        assertEquals(Set.of("node:local"), t.keySet());
        Scope admin = Scope.load(api, L, "Basic x", caller("admin", "admin"));
        Map<String, JsonNode> a = byId(Topology.build(api, admin, 1));
        assertEquals("running", a.get("sensor:direct").path("state").asText());
        assertEquals("paused", a.get("sensor:s1").path("state").asText());
    }

    @Test
    public void anUnreachableNodeMakesItsEntitiesDisconnected() {
        FakeNodes api = deployment();
        api.answers.remove(L + "/sensor/");
        api.answers.remove(L + "/resource/");
        Map<String, JsonNode> t = byId(Topology.build(api, Scope.load(api, L, null, caller("a", "user")), 1));
        assertEquals("disconnected", t.get("node:local").path("state").asText());
        assertEquals("disconnected", t.get("sensor:s1").path("state").asText());
        assertEquals("disconnected", t.get("resource:g1").path("state").asText());
        assertTrue(t.get("node:local").path("detail").path("error").asText().contains("unreachable"));
    }

    @Test
    public void alarmsAreListedOnceAndMarkTheElementTheyAreAbout() {
        // s1 has a silent collector c1 and its child direct's CRITICAL channel (came up through e9); direct has
        // that alarm itself, and one that ended
        String silence = "{'id':'s1/silence/c1/10','kind':'silence','severity':'critical','sensor':'s1','source':'c1',"
                + "'sourceType':'collector','text':'c1 silent','start':10,'end':null,'via':[]}";
        String state = "{'id':'direct/state/x/20','kind':'state','severity':'critical','sensor':'direct','source':'x',"
                + "'sourceType':'channel','text':'x is CRITICAL','start':20,'end':null,'via':[]}";
        String ended = "{'id':'direct/mixin/m/5','kind':'mixin','severity':'warning','sensor':'direct','source':'m',"
                + "'sourceType':'mixin','text':'m hung','start':5,'end':7,'via':[]}";
        FakeNodes api = deployment()
                .answer(L + "/sensor/s1/", "{'id':'s1','status':{'state':'running'},'stages':[],'channels':{},"
                        + "'collectors':[],'edges':{},'alarms':{'open':[" + silence + "," + state.replace("'via':[]",
                        "'via':['e9']") + "],'recent':[]}}")
                .answer(L + "/sensor/direct/", "{'id':'direct','status':{'state':'running'},'stages':[],'channels':{},"
                        + "'edges':{},'alarms':{'open':[" + state + "],'recent':[" + ended + "]}}");
        ObjectNode admin = Topology.build(api, Scope.load(api, L, "Basic x", caller("admin", "admin")), 1);
        Map<String, JsonNode> t = byId(admin);
        JsonNode list = admin.path("alarms");
        assertEquals(list.toString(), 3, list.size());
        assertEquals("newest open first", "direct/state/x/20", list.get(0).path("id").asText());
        assertEquals("sensor:direct", list.get(0).path("element").asText());
        assertEquals("collector:c1", list.get(1).path("element").asText());
        assertEquals("then the recent ones", 7, list.get(2).path("end").asLong());
        assertEquals("critical", t.get("collector:c1").path("alarm").asText());
        assertEquals("critical", t.get("sensor:direct").path("alarm").asText());
        assertTrue("s1 itself is fine", t.get("sensor:s1").path("alarm").isMissingNode());
        assertTrue("an ended alarm marks nothing", t.get("resource:g1").path("alarm").isMissingNode());

        ObjectNode alice = Topology.build(api, Scope.load(api, L, "Basic x", caller("alice", "user")), 1);
        assertEquals("alice sees her sensor's alarm, not the one raised by a sensor she does not see", 1,
                alice.path("alarms").size());
        assertEquals("s1/silence/c1/10", alice.path("alarms").get(0).path("id").asText());
    }
}
