package org.songprint.common.ratelimit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The proxies whose {@code X-Forwarded-For} entries are believed: the same list as
 * {@code quarkus.http.proxy.trusted-proxies} (IP addresses and CIDR blocks). The client's address is
 * the one the last trusted proxy saw: the header is read from the right, past every trusted hop, so an
 * entry a client wrote itself (always to the left of what its first proxy appends) is never taken.
 */
public final class TrustedProxies {

    private static volatile TrustedProxies configured;

    private final List<Block> blocks;

    public TrustedProxies(List<String> entries) {
        List<Block> parsed = new ArrayList<>();
        for (String entry : entries) {
            Block block = Block.parse(entry.strip());
            if (block != null) {
                parsed.add(block);
            }
        }
        this.blocks = List.copyOf(parsed);
    }

    /** The service's configured list (read once). */
    public static TrustedProxies fromConfig() {
        TrustedProxies current = configured;
        if (current == null) {
            current = new TrustedProxies(ConfigProvider.getConfig()
                    .getOptionalValues("quarkus.http.proxy.trusted-proxies", String.class).orElse(List.of()));
            configured = current;
        }
        return current;
    }

    /**
     * The client's address: {@code peer} itself unless it is a trusted proxy; then the right-most
     * entry of {@code forwardedFor} (all its headers, in order) that is not a trusted proxy. An entry
     * that is not an IP address ends the walk at the hop that wrote it.
     */
    public String clientAddress(String peer, List<String> forwardedFor) {
        if (peer == null || !trusts(peer) || forwardedFor == null || forwardedFor.isEmpty()) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) {
                if (!hop.isBlank()) {
                    hops.add(hop.strip());
                }
            }
        }
        String nearest = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = literal(hops.get(i));
            if (hop == null) {
                return nearest;
            }
            if (!trusts(hop)) {
                return hop;
            }
            nearest = hop;
        }
        return nearest;
    }

    boolean trusts(String address) {
        byte[] bytes = bytes(address);
        if (bytes == null) {
            return false;
        }
        for (Block block : blocks) {
            if (block.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /** An IP literal (v4, or v6 with or without brackets), never a name: nothing here may cause a DNS lookup. */
    private static String literal(String hop) {
        String value = hop.startsWith("[") && hop.contains("]") ? hop.substring(1, hop.indexOf(']')) : hop;
        if (value.indexOf(':') == value.lastIndexOf(':') && value.contains(".") && value.contains(":")) {
            value = value.substring(0, value.indexOf(':')); // "1.2.3.4:5678"
        }
        return bytes(value) == null ? null : value;
    }

    private static byte[] bytes(String address) {
        if (address == null || address.isEmpty() || !(address.contains(":") || isDottedQuad(address))) {
            return null;
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (!(Character.digit(c, 16) >= 0 || c == '.' || c == ':' || c == '%')) {
                return null;
            }
        }
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    private static boolean isDottedQuad(String address) {
        String[] parts = address.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit) || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** One trusted address or CIDR block. */
    private record Block(byte[] network, int prefix) {

        static Block parse(String entry) {
            int slash = entry.indexOf('/');
            byte[] network = bytes(slash < 0 ? entry : entry.substring(0, slash));
            if (network == null) {
                return null;
            }
            int prefix = network.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Math.min(prefix, Math.max(0, Integer.parseInt(entry.substring(slash + 1))));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            return new Block(network, prefix);
        }

        boolean contains(byte[] address) {
            byte[] candidate = address;
            if (candidate.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest);
            return (candidate[full] & mask) == (network[full] & mask);
        }
    }
}
