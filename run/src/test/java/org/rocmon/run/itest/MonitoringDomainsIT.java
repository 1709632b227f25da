package org.rocmon.run.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The paper's distinct monitoring domains with two real node processes: one monitored resource ("vm1", on the
 * infrastructure node) runs two collectors, "admin-c" (CPUPercent, Memory, LoadAverage) to the admin sensor on the
 * same node and "user-c" (LoadAverage only) to the user's sensor on another node. The user's sensor must never
 * receive the admin-only channels, over many collector periods, while the admin sensor does get them from the same
 * resource (so the check is not vacuous), and the admin collector cannot connect to the user's sensor.
 */
public class MonitoringDomainsIT {

    private static final int PERIODS = 8;
    private static final Set<String> ADMIN_CHANNELS = Set.of("cpu", "mem", "memfree", "load", "load5");

    private static MultiNode nodes;
    private static NodeProcess infra;
    private static NodeProcess userNode;
    private static Path userLog;
    private static Path adminLog;

    @BeforeClass
    public static void deploy() {
        nodes = new MultiNode("domains");
        List<NodeProcess> started = nodes.startAll("infra", "user");
        infra = started.get(0);
        userNode = started.get(1);
        Path files = nodes.files("logs");
        userLog = files.resolve("user-load.log");
        adminLog = files.resolve("admin-cpu.log");

        Sensors.define(infra.node, "/sensor/admin/", Sensors.sensor(List.of(Sensors.PUB + "Log"),
                Sensors.attrs("occi.sensor.period", 0.5, Sensors.NS + "Log.filename", adminLog.toString(),
                        Sensors.NS + "Log.in_msg", "cpu"),
                List.of()));
        Sensors.define(userNode.node, "/sensor/user/", Sensors.sensor(List.of(Sensors.PUB + "Log"),
                Sensors.attrs("occi.sensor.period", 0.5, Sensors.NS + "Log.filename", userLog.toString(),
                        Sensors.NS + "Log.in_msg", "load"),
                List.of("user-c")));
        Sensors.define(infra.node, "/resource/vm1/collector/admin-c", Sensors.collector("admin-c",
                List.of("CPUPercent", "Memory", "LoadAverage"),
                Sensors.attrs("occi.collector.period", 0.3,
                        Sensors.NS + "CPUPercent.out", "cpu",
                        Sensors.NS + "Memory.out", "mem",
                        Sensors.NS + "Memory.outfree", "memfree",
                        Sensors.NS + "LoadAverage.out", "load",
                        Sensors.NS + "LoadAverage.out5", "load5"),
                "admin"));
        Sensors.define(infra.node, "/resource/vm1/collector/user-c", Sensors.collector("user-c",
                List.of("LoadAverage"),
                Sensors.attrs("occi.collector.period", 0.3, Sensors.NS + "LoadAverage.out", "load"),
                userNode.url("/sensor/user/")));
    }

    @AfterClass
    public static void stop() {
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    public void userSensorNeverReceivesAdminOnlyChannels() {
        Node.await("the user sensor logged " + PERIODS + " periods of load (has " + Node.logLines(userLog).size()
                + ")", 30_000, () -> Node.logLines(userLog).size() >= PERIODS);
        Node.await("the admin sensor saw every admin channel", 10_000,
                () -> Sensors.channels(infra.node, "admin").keySet().containsAll(ADMIN_CHANNELS));

        Map<String, Object> user = Sensors.describe(userNode.node, "user");
        @SuppressWarnings("unchecked")
        Map<String, Object> channels = (Map<String, Object>) user.get("channels");
        assertEquals("every channel the user sensor ever received", Set.of("load"), channels.keySet());
        assertEquals("no value arrived on a channel the user's pipeline does not read", 0,
                Sensors.counter(user, "unrouted"));
        assertEquals("nothing was refused either", 0, Sensors.counter(user, "rejected"));
        assertTrue("the user sensor took one load value per period: " + user.get("status"),
                Sensors.counter(user, "in") >= PERIODS);
        for (Map<String, Object> line : Node.logLines(userLog)) {
            assertEquals(line.toString(), "load", line.get("channel"));
            assertEquals(line.toString(), "user-c", line.get("source"));
        }
        for (Object c : (List<?>) user.get("collectors")) {
            assertEquals("only the user's collector ever connected", "user-c", ((Map<?, ?>) c).get("id"));
        }

        // The same resource does produce the admin-only channels: on the admin collector, to the admin sensor.
        Map<String, Object> userCollector = infra.node.get("/resource/vm1/collector/user-c").json();
        assertEquals("the user collector measures only load", Set.of("load"),
                ((Map<?, ?>) userCollector.get("values")).keySet());
        Map<String, Object> adminCollector = infra.node.get("/resource/vm1/collector/admin-c").json();
        assertEquals("the admin collector measures everything", ADMIN_CHANNELS,
                ((Map<?, ?>) adminCollector.get("values")).keySet());
        assertTrue("the admin sensor logged host CPU", Node.logLines(adminLog).size() >= 1);
        assertEquals("the admin sensor takes nothing from the user's collector", 0,
                Sensors.counter(Sensors.describe(infra.node, "admin"), "rejected"));
    }

    @Test
    public void adminCollectorIsRefusedByTheUserSensor() {
        assertEquals("the user sensor refuses the admin collector at the upgrade", 403,
                TestCollector.upgradeStatus(userNode.node, "user", "admin-c"));
        assertEquals("and any collector it does not list", 403,
                TestCollector.upgradeStatus(userNode.node, "user", "intruder"));
        assertEquals("while the user's own collector is admitted", 101,
                TestCollector.upgradeStatus(userNode.node, "user", "user-c"));
    }
}
