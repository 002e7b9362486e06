package dev.multiproc.samples;

/** Python's {@code time.sleep(n)} for the samples, which have no use for an interruption. */
final class Sleep {
    private Sleep() {
    }

    static void seconds(long seconds) {
        try {
            Thread.sleep(seconds * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
