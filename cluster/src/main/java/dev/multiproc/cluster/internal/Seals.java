package dev.multiproc.cluster.internal;

import java.util.Arrays;

/**
 * User data stored in the cluster's structures by a {@code ClusterManager}: the encoded value
 * behind the HMAC of the fields that place it (which structure, which key) and of the value
 * itself. A reader checks the MAC before it decodes a byte, so a value written by someone without
 * the authkey, or moved to another key or structure, is never deserialized.
 *
 * <pre>{@code
 * byte[] sealed = Seals.seal(signer, Signer.fields().add("dict").add(name).add(key), body);
 * byte[] body = Seals.open(signer, Signer.fields().add("dict").add(name).add(key), sealed);   // null if forged
 * }</pre>
 */
public final class Seals {
    private Seals() {
    }

    /** {@code body} behind the MAC of {@code place} and {@code body}. */
    public static byte[] seal(Signer signer, Signer.Fields place, byte[] body) {
        byte[] mac = signer.sign(place.add(body));
        byte[] sealed = Arrays.copyOf(mac, mac.length + body.length);
        System.arraycopy(body, 0, sealed, mac.length, body.length);
        return sealed;
    }

    /** The body of {@code sealed} when its MAC matches {@code place} and the body, else null. */
    public static byte[] open(Signer signer, Signer.Fields place, byte[] sealed) {
        if (sealed == null || sealed.length <= Signer.MAC_BYTES) {
            return null;
        }
        byte[] body = Arrays.copyOfRange(sealed, Signer.MAC_BYTES, sealed.length);
        return signer.verify(Arrays.copyOf(sealed, Signer.MAC_BYTES), place.add(body)) ? body : null;
    }
}
