package org.rocmon.sensor.internal;

import java.util.List;

import org.junit.Test;

import org.rocmon.sensor.internal.fakes.FakeCatalog;
import org.rocmon.sensor.internal.fakes.Mixins;

/**
 * Throughput of one sensor: frames of 100 values through EWMA into a publisher. Not run by default (the name
 * does not end in Test); run with {@code -Dtest=PipelineBench}.
 */
public class PipelineBench {

    static final String EWMA = FakeCatalog.AGG + "EWMA";
    static final String LOG = FakeCatalog.PUB + "Log";

    @Test
    public void throughput() throws Exception {
        Mixins.Ewma.yieldInCalls = false;
        FakeCatalog c = new FakeCatalog()
                .add(EWMA, "aggregator", Mixins.Ewma::new, List.of("instream"), List.of("outstream"))
                .add(LOG, "publisher", Mixins.Recorder::new, List.of("in_msg"), List.of());
        SensorManager m = Harness.manager(c, Harness.tempDir(), 0, 5000, 10_000);
        try {
            m.registry().define("s01", Harness.sensor("s01", 1, "'" + EWMA + "'",
                    "'com.example.occi.monitoring.EWMA.gain':16,'com.example.occi.monitoring.EWMA.instream':'a',"
                            + "'com.example.occi.monitoring.EWMA.outstream':'c'"));
            StringBuilder data = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                data.append(i == 0 ? "" : ",").append("\"a\":").append(i + 0.5);
            }
            Sensor s = m.sensors().get("s01");
            for (int round = 0; round < 3; round++) {
                long t0 = System.nanoTime();
                int frames = 20_000;
                long base = (round + 1) * 1_000_000L;
                for (int f = 1; f <= frames; f++) {
                    m.ingest().frame(s, "c01", "{\"collector\":\"c01\",\"epoch\":" + base + ",\"seq\":" + f
                            + ",\"ts\":1,\"data\":{" + data + "}}");
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                long want = (round + 1) * frames * 100L;
                while (s.stages().get(0).counters().in.sum() - s.stages().get(0).queued() + s.counters().dropped.sum() < want
                        || s.stages().get(0).queued() > 0) {
                    Thread.sleep(1);
                }
                double all = (System.nanoTime() - t0) / 1e9;
                System.out.printf("round %d: %.0f measurements/s ingested, %.0f/s processed; in=%d dropped=%d%n",
                        round, frames * 100 / secs, frames * 100 / all, s.counters().in.sum(),
                        s.counters().dropped.sum());
            }
        } finally {
            m.deactivate();
        }
    }

    @Test
    public void throughputFromManyConnections() throws Exception {
        Mixins.Ewma.yieldInCalls = false;
        FakeCatalog c = new FakeCatalog()
                .add(EWMA, "aggregator", Mixins.Ewma::new, List.of("instream"), List.of("outstream"));
        SensorManager m = Harness.manager(c, Harness.tempDir(), 0, 5000, 10_000);
        try {
            m.registry().define("s01", Harness.sensor("s01", 1, "'" + EWMA + "'",
                    "'com.example.occi.monitoring.EWMA.gain':16,'com.example.occi.monitoring.EWMA.instream':'a',"
                            + "'com.example.occi.monitoring.EWMA.outstream':'c'"));
            Sensor s = m.sensors().get("s01");
            int threads = 8;
            int frames = 5_000;
            String data = "{\"a\":1.5,\"b\":2}";
            for (int round = 0; round < 3; round++) {
                long t0 = System.nanoTime();
                Thread[] ts = new Thread[threads];
                for (int t = 0; t < threads; t++) {
                    String cid = "c" + t;
                    ts[t] = new Thread(() -> {
                        StringBuilder d = new StringBuilder("{");
                        for (int i = 0; i < 100; i++) {
                            d.append(i == 0 ? "" : ",").append(i % 2 == 0 ? "\"a\":" : "\"b" + i + "\":").append(i);
                        }
                        d.append("}");
                        for (int f = 1; f <= frames; f++) {
                            m.ingest().frame(s,
                                    cid, "{\"epoch\":" + System.nanoTime() + ",\"seq\":1,\"data\":" + d + "}");
                        }
                    });
                    ts[t].start();
                }
                for (Thread t : ts) {
                    t.join();
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                System.out.printf("many round %d: %.0f measurements/s ingested; stage in=%d dropped=%d%n", round,
                        threads * frames * 100 / secs, s.stages().get(0).counters().in.sum(),
                        s.stages().get(0).counters().dropped.sum());
            }
        } finally {
            m.deactivate();
        }
    }
}
