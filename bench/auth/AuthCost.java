import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests per second through the security guard, in one run against one node, per way of calling: the node token,
 * an admin's Basic (verified once, then remembered), an admin's bearer token, no credentials (refused 401 by the
 * guard) and a path no guard rule covers (404 from the container after the guard let it pass). Single-file program:
 * {@code java bench/auth/AuthCost.java <base> <admin password> <node token> [threads] [seconds]}; bench/auth.sh
 * starts the node and runs it. Loopback only.
 */
public final class AuthCost {

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        if (!"127.0.0.1".equals(base.getHost()) && !"localhost".equals(base.getHost())) {
            throw new IllegalArgumentException("loopback only: " + base);
        }
        String admin = "Basic " + Base64.getEncoder().encodeToString(("admin:" + args[1])
                .getBytes(StandardCharsets.UTF_8));
        String node = "Bearer " + args[2];
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> issued = http.send(HttpRequest.newBuilder(base.resolve("/auth/tokens"))
                .header("Authorization", admin).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        String token = issued.body().replaceAll(".*\"token\":\"([^\"]*)\".*", "$1");
        if (issued.statusCode() != 201) {
            throw new IllegalStateException("cannot issue a token: " + issued.statusCode() + " " + issued.body());
        }
        Map<String, String[]> variants = new java.util.LinkedHashMap<>();
        variants.put("node-token GET /sensor/", new String[] {"/sensor/", node});
        variants.put("admin-basic GET /sensor/", new String[] {"/sensor/", admin});
        variants.put("admin-bearer GET /sensor/", new String[] {"/sensor/", "Bearer " + token});
        variants.put("anonymous GET /sensor/ (401)", new String[] {"/sensor/", null});
        variants.put("unguarded GET /nothing (404)", new String[] {"/nothing", null});
        int rounds = 5;
        System.out.printf("%d threads, %d rounds of %d s per variant (order rotated each round; median shown), %s%n",
                threads, rounds, seconds, base);
        List<String> labels = new ArrayList<>(variants.keySet());
        for (String l : labels) { // warm the JIT of both sides
            run(http, base, variants.get(l)[0], variants.get(l)[1], threads, 2, new TreeMap<>());
        }
        Map<String, List<Double>> rates = new java.util.LinkedHashMap<>();
        Map<String, Map<Integer, Long>> codes = new java.util.LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < labels.size(); i++) {
                String l = labels.get((i + round) % labels.size());
                double rate = run(http, base, variants.get(l)[0], variants.get(l)[1], threads, seconds,
                        codes.computeIfAbsent(l, k -> new TreeMap<>()));
                rates.computeIfAbsent(l, k -> new ArrayList<>()).add(rate);
            }
        }
        for (String l : labels) {
            List<Double> r = rates.get(l);
            r.sort(null);
            System.out.printf("%-32s median %6.0f req/s  (min %6.0f, max %6.0f)  %s%n", l, r.get(r.size() / 2),
                    r.get(0), r.get(r.size() - 1), codes.get(l));
        }
    }

    /** @return requests per second; adds the status codes seen to {@code seen} */
    private static double run(HttpClient http, URI base, String path, String authorization, int threads,
            int seconds, Map<Integer, Long> seen) throws InterruptedException {
        LongAdder done = new LongAdder();
        Map<Integer, LongAdder> codes = new ConcurrentHashMap<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
                if (authorization != null) {
                    b.header("Authorization", authorization);
                }
                HttpRequest request = b.build();
                while (System.nanoTime() < end) {
                    try {
                        int code = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        codes.computeIfAbsent(code, k -> new LongAdder()).increment();
                        done.increment();
                    } catch (Exception e) {
                        codes.computeIfAbsent(-1, k -> new LongAdder()).increment();
                    }
                }
            });
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
        codes.forEach((k, v) -> seen.merge(k, v.sum(), Long::sum));
        return done.sum() / (double) seconds;
    }
}
