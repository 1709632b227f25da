package org.rocmon.sensor.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.rocmon.sensor.internal.fakes.FakeCatalog;

/** Builds managers on a temporary data folder and offers small helpers. */
final class Harness {

    static final ObjectMapper MAPPER = new ObjectMapper();

    static Path tempDir() throws Exception {
        Path d = Files.createTempDirectory("rocmon-sensor-test");
        d.toFile().deleteOnExit();
        return d;
    }

    static SensorManager manager(FakeCatalog catalog, Path dir, int threads, long timeoutMillis, int inbox) {
        return new SensorManager(catalog, new SensorManager.Settings(threads, timeoutMillis, inbox, dir, 8080,
                60_000, 60_000, 100));
    }

    static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text.replace('\'', '"'));
    }

    /** A flat sensor description. */
    static JsonNode sensor(String id, double period, String mixins, String attrs) throws Exception {
        return json("{'id':'" + id + "','kind':'http://schemas.ogf.org/occi/monitoring#sensor','mixins':[" + mixins
                + "],'attributes':{'occi.sensor.period':" + period + (attrs.isEmpty() ? "" : "," + attrs)
                + "},'links':['c01']}");
    }

    static void await(BooleanSupplier cond, long millis, String what) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!cond.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    /** A collector connection that records what the sensor does to it. */
    static final class Conn implements CollectorConnection {
        final String id;
        volatile int closedWith;
        /** Acks the sensor sent on its own (withheld ones it released), in order. */
        final java.util.List<Ack> acks = new java.util.concurrent.CopyOnWriteArrayList<>();

        Conn(String id) {
            this.id = id;
        }

        @Override
        public String collectorId() {
            return id;
        }

        @Override
        public void ack(Ack ack) {
            acks.add(ack);
        }

        @Override
        public void checkPause(long nowNanos) {
        }

        @Override
        public void close(int code, String reason) {
            closedWith = code;
        }
    }
}
