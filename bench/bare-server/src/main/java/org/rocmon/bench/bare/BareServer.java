package org.rocmon.bench.bare;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.server.config.JettyWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The baseline process: Jetty 12 ee10 WebSocket on 127.0.0.1, mapped at /sensor/* like the sensor, with the
 * sensor's frame limit. Usage: {@code BareServer <port> <statsfile>}; writes the stats file every 200 ms.
 */
public final class BareServer {

    private BareServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path stats = Paths.get(args[1]).toAbsolutePath();
        FrameSink sink = new FrameSink(System::currentTimeMillis);

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setAcceptQueueSize(4096);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        JettyWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
            container.setMaxTextMessageSize(64 * 1024);
            container.setIdleTimeout(Duration.ofMinutes(10));
            container.addMapping("/sensor/*", (request, response) -> new SinkEndpoint(sink));
        });
        server.setHandler(context);
        server.start();

        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        Path temp = stats.resolveSibling(stats.getFileName() + ".tmp");
        writer.scheduleAtFixedRate(() -> {
            try {
                Files.write(temp, sink.summary(System.currentTimeMillis()).getBytes(StandardCharsets.UTF_8));
                Files.move(temp, stats, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (Exception e) {
                System.err.println("stats: " + e);
            }
        }, 0, 200, TimeUnit.MILLISECONDS);
        System.out.println("bare server listening on 127.0.0.1:" + connector.getLocalPort());
        server.join();
    }
}
