package org.rocmon.mixins.publisher.udp.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.UnknownHostException;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;

import com.fasterxml.jackson.databind.ObjectWriter;

import org.rocmon.json.RocmonJson;
import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.MixinContext;
import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.mixin.MixinType;
import org.rocmon.api.mixin.Publisher;

/**
 * Sends one JSON datagram per measurement to {@code hostname:port}. The host name is resolved once, when the sensor
 * opens the mixin. The socket is not connected, so a receiver that is down does not turn later sends into errors:
 * UDP delivery is best effort, and only local send failures are thrown for the sensor to count.
 */
@Component(service = Publisher.class, scope = ServiceScope.PROTOTYPE)
@MixinType(scheme = SendUdp.SCHEME, term = SendUdp.TERM, kind = MixinKind.PUBLISHER,
        title = "Send measurements as JSON datagrams", attributes = {SendUdp.HOSTNAME, SendUdp.PORT, SendUdp.INPUT})
public class SendUdp implements Publisher {

    public static final String SCHEME = "http://example.com/occi/monitoring/publisher#";
    public static final String TERM = "SendUDP";
    public static final String HOSTNAME = "hostname:host=localhost|host name or IP address of the receiver";
    public static final String PORT = "port:integer![1,65535]|UDP port of the receiver";
    public static final String INPUT = "input:in!|channel whose measurements are sent";

    private final ObjectWriter json = RocmonJson.mapper().writer();
    private String sensor;
    private String input;
    private InetAddress address;
    private int port;
    private DatagramSocket socket;

    @Override
    public void open(MixinContext context) throws InvalidAttributeException {
        String p = context.attributePrefix();
        sensor = context.entityId();
        input = context.channel("input");
        port = (int) context.integer("port"); // 1..65535: checked by the host (PORT)
        String hostname = context.string("hostname").trim();
        try {
            address = InetAddress.getByName(hostname);
        } catch (UnknownHostException | SecurityException e) {
            throw new InvalidAttributeException(p + "hostname",
                    "attribute '" + p + "hostname': cannot resolve '" + hostname + "'");
        }
        try {
            socket = new DatagramSocket();
        } catch (SocketException e) {
            // not the description's fault: the node is out of sockets
            throw new UncheckedIOException("SendUDP of sensor " + sensor + ": cannot open a datagram socket", e);
        }
    }

    @Override
    public void publish(String channel, Measurement measurement) throws IOException {
        if (!input.equals(channel)) {
            return;
        }
        byte[] payload = Datagrams.encode(json, sensor, channel, measurement);
        socket.send(new DatagramPacket(payload, payload.length, address, port));
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
