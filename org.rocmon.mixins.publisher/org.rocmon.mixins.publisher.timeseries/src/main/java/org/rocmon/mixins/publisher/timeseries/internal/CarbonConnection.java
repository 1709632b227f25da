package org.rocmon.mixins.publisher.timeseries.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * One TCP connection to a Carbon plaintext receiver, opened lazily and dropped at the first failure so that the
 * next tick reconnects. Non-blocking I/O under a deadline: a plain socket write has no timeout and would hang the
 * sensor's thread when the receiver stops reading. The selector runs on the calling thread; no thread is started.
 */
final class CarbonConnection implements AutoCloseable {

    private final String host;
    private final int port;
    private SocketChannel channel;
    private Selector selector;

    CarbonConnection(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /**
     * Writes all of {@code data}, connecting first if needed.
     *
     * @param timeoutMillis for connecting and writing together
     * @throws IOException when the receiver is unreachable, went away or stalled; the connection is then closed
     */
    void write(ByteBuffer data, long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            if (channel != null && !alive()) {
                close();
            }
            if (channel == null) {
                connect(deadline);
            }
            while (data.hasRemaining()) {
                if (channel.write(data) == 0) {
                    await(SelectionKey.OP_WRITE, deadline, "writing");
                }
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    boolean isOpen() {
        return channel != null;
    }

    /**
     * Carbon never writes to its clients, so a readable end of stream means it closed the connection. Found before
     * writing, so that a batch is not lost in the kernel buffer of a connection the peer already closed.
     */
    private boolean alive() {
        try {
            ByteBuffer probe = ByteBuffer.allocate(64);
            while (true) {
                int n = channel.read(probe);
                if (n < 0) {
                    return false;
                }
                if (n == 0) {
                    return true;
                }
                probe.clear(); // unexpected bytes: ignore them
            }
        } catch (IOException e) {
            return false;
        }
    }

    private void connect(long deadline) throws IOException {
        InetSocketAddress address = new InetSocketAddress(host, port); // resolved on every connect: DNS may move
        if (address.isUnresolved()) {
            throw new IOException("cannot resolve " + host);
        }
        selector = Selector.open();
        channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.register(selector, 0);
        if (!channel.connect(address)) {
            while (!channel.finishConnect()) {
                await(SelectionKey.OP_CONNECT, deadline, "connecting to " + host + ":" + port);
            }
        }
    }

    private void await(int op, long deadline, String what) throws IOException {
        SelectionKey key = channel.keyFor(selector);
        key.interestOps(op);
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0 || selector.select(left) == 0) {
            if (System.nanoTime() - deadline >= 0) {
                throw new IOException("timed out " + what);
            }
        }
        selector.selectedKeys().clear();
    }

    @Override
    public void close() {
        closeQuietly(channel);
        closeQuietly(selector);
        channel = null;
        selector = null;
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                // nothing to do: the connection is abandoned either way
            }
        }
    }
}
