import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * The demo's end user: prints every datagram the sensor's SendUDP publisher sends to 127.0.0.1:PORT.
 * Run as a single-file program: java run/demo/UdpListen.java 8888
 */
public class UdpListen {
    /** Always with seconds: LocalTime.toString() drops ":00". */
    private static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss");

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8888;
        // Loopback only: the demo never listens on a public interface.
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            System.out.println("[udp] listening on 127.0.0.1:" + port);
            byte[] buffer = new byte[65535];
            while (true) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
                System.out.println("[udp " + LocalTime.now().format(HH_MM_SS) + "] " + text.strip());
            }
        }
    }
}
