package io.flowlens.operations;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scrape target serving a fixed Prometheus text exposition on {@code /metrics} (JDK HTTP server on a
 * free loopback port), standing in for a flowlens process.
 */
public final class ExpositionFixture implements AutoCloseable {

    private final byte[] exposition;
    private final AtomicInteger scrapes = new AtomicInteger();
    private HttpServer server;

    /** An inert fixture serving {@code exposition}; {@link #start()} binds it. */
    public ExpositionFixture(String exposition) {
        this.exposition = exposition.getBytes(StandardCharsets.UTF_8);
    }

    /** A fixture serving the classpath resource {@code resource}, started. */
    public static ExpositionFixture startServing(String resource) {
        try (InputStream in = ExpositionFixture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no classpath resource " + resource);
            }
            ExpositionFixture fixture = new ExpositionFixture(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            fixture.start();
            return fixture;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    public void start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the exposition fixture", e);
        }
        server.createContext("/metrics", exchange -> {
            scrapes.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, exposition.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(exposition);
            }
        });
        server.start();
    }

    /** {@code host:port} for a scrape config. */
    public String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** How many times {@code /metrics} has been fetched. */
    public int scrapes() {
        return scrapes.get();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }
}
