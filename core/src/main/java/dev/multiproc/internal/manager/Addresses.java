package dev.multiproc.internal.manager;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * A manager's address as text, the form a proxy carries: {@code unix:/path/to/socket} or
 * {@code tcp:host:port}. Why text: {@link UnixDomainSocketAddress} is not serializable, and a
 * string is also the key of this process's connections to that manager.
 */
public final class Addresses {
    private static final String UNIX = "unix:";
    private static final String TCP = "tcp:";

    private Addresses() {
    }

    public static String format(SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress) {
            return UNIX + ((UnixDomainSocketAddress) address).getPath();
        }
        if (address instanceof InetSocketAddress) {
            InetSocketAddress inet = (InetSocketAddress) address;
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            return TCP + host + ":" + inet.getPort();
        }
        throw new IllegalArgumentException("unsupported address " + address
                + ": use a UnixDomainSocketAddress or an InetSocketAddress");
    }

    public static SocketAddress parse(String text) {
        if (text.startsWith(UNIX)) {
            return UnixDomainSocketAddress.of(text.substring(UNIX.length()));
        }
        if (text.startsWith(TCP)) {
            String hostPort = text.substring(TCP.length());
            int colon = hostPort.lastIndexOf(':');
            if (colon > 0) {
                try {
                    return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
                } catch (NumberFormatException badPort) {
                    // reported below
                }
            }
        }
        throw new IllegalArgumentException("not a manager address: '" + text + "' (expected unix:PATH or tcp:HOST:PORT)");
    }
}
