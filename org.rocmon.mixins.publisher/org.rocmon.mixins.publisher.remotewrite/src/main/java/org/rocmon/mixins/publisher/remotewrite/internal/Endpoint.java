package org.rocmon.mixins.publisher.remotewrite.internal;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.rocmon.http.push.PushQueue.Outcome;

/**
 * POSTs one remote-write body to the receiver, synchronously on the calling runtime thread and bounded by a deadline
 * (connecting included). The JDK client's own selector thread is the only thread involved; it ends when the client
 * is dropped.
 */
final class Endpoint {

    private final URI uri;
    private final Duration timeout;
    private final String authorization;
    private HttpClient client;
    private String lastProblem = "";

    /** @param authorization the Authorization header of every POST, or {@code null} for none */
    Endpoint(URI uri, Duration timeout, String authorization) {
        this.uri = uri;
        this.timeout = timeout;
        this.authorization = authorization;
        // HTTP/1.1: the default h2c upgrade attempt on a POST only confuses some receivers
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /**
     * @param deadline {@link System#nanoTime()} by which the answer must be there, connecting included
     * @return DELIVERED on 2xx, RETRY on 429, 5xx or no answer (remote-write 1.0 retries exactly these), else REFUSED
     *         (e.g. 400 for an out-of-order sample)
     */
    Outcome post(byte[] body, long deadline) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Encoding", "snappy")
                .header("Content-Type", "application/x-protobuf")
                .header("User-Agent", "Rocmon")
                .header("X-Prometheus-Remote-Write-Version", "0.1.0");
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        // a 2xx body is discarded, an error's is read up to its first 300 bytes: the wait for both ends by the deadline
        CompletableFuture<HttpResponse<byte[]>> sending = client.sendAsync(
                builder.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                info -> info.statusCode() / 100 == 2 ? HttpResponse.BodySubscribers.replacing(new byte[0])
                        : new Head(300));
        try {
            HttpResponse<byte[]> answer = sending.get(Math.max(1, deadline - System.nanoTime()),
                    TimeUnit.NANOSECONDS);
            int status = answer.statusCode();
            if (status / 100 == 2) {
                lastProblem = "answered " + status;
                return Outcome.DELIVERED;
            }
            lastProblem = "answered " + status + detail(answer.body());
            return status == 429 || status / 100 == 5 ? Outcome.RETRY : Outcome.REFUSED;
        } catch (TimeoutException e) {
            sending.cancel(true);
            lastProblem = "no answer within " + timeout.toMillis() + " ms";
            return Outcome.RETRY;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            lastProblem = cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
            return Outcome.RETRY;
        } catch (InterruptedException e) {
            sending.cancel(true);
            Thread.currentThread().interrupt();
            lastProblem = "interrupted";
            return Outcome.RETRY;
        }
    }

    /** @return the start of the receiver's error text (Prometheus says which sample it refused), one line */
    private static String detail(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text = new String(body, StandardCharsets.UTF_8).strip()
                .replaceAll("\\s+", " ");
        return text.isEmpty() ? "" : " (" + text + ")";
    }

    /** The first {@code limit} bytes of a body; the rest is not read (the subscription is cancelled). */
    private static final class Head implements HttpResponse.BodySubscriber<byte[]> {
        private final int limit;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        Head(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                int n = Math.min(b.remaining(), limit - bytes.size());
                byte[] a = new byte[n];
                b.get(a);
                bytes.write(a, 0, n);
            }
            if (bytes.size() >= limit) {
                subscription.cancel();
                result.complete(bytes.toByteArray());
            }
        }

        @Override
        public void onError(Throwable t) {
            result.complete(bytes.toByteArray()); // what came is enough to say what went wrong
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }

    /** @return what went wrong with the last post, for the exception the sensor counts */
    String lastProblem() {
        return lastProblem;
    }

    void close() {
        client = null; // Java 17's client has no close()
    }
}
