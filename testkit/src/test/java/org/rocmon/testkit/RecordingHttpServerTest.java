package org.rocmon.testkit;

import static org.junit.Assert.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.Test;

public class RecordingHttpServerTest {

    @Test
    public void recordsRequestsAndAnswersAsScripted() throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.started()) {
            server.answers.add(503);
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest post = HttpRequest.newBuilder(URI.create(server.base() + "/write?db=x"))
                    .header("Content-Type", "text/plain").header("Authorization", "Token t")
                    .POST(HttpRequest.BodyPublishers.ofString("m v=1")).build();
            HttpResponse<String> first = client.send(post, HttpResponse.BodyHandlers.ofString());
            assertEquals(503, first.statusCode());
            assertEquals("{\"code\":\"scripted\",\"message\":\"status 503\"}", first.body());
            assertEquals(204, client.send(post, HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(2, server.requests.size());
            RecordingHttpServer.Request r = server.requests.get(0);
            assertEquals("/write?db=x", r.uri);
            assertEquals("Token t", r.authorization);
            assertEquals("text/plain", r.contentType);
            assertEquals("m v=1", r.body);
        }
    }
}
