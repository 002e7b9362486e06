package dev.multiproc.samples;

/**
 * One runnable example: a name for the command line, the seed article it reproduces, a one-line
 * description, and its main.
 */
public interface Sample {

    /** The {@link #article()} of a sample that goes beyond the articles. */
    String EXTRA = "extra";

    String name();

    /** The number of the seed article whose example this is ({@code "000"} to {@code "004"}), or {@link #EXTRA}. */
    String article();

    String description();

    void run(String[] args) throws Exception;

    /** A sample reproducing an example of article {@code article}. */
    static Sample of(String name, String article, String description, Main main) {
        return new Sample() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String article() {
                return article;
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public void run(String[] args) throws Exception {
                main.run(args);
            }
        };
    }

    /** A sample beyond the articles. */
    static Sample extra(String name, String description, Main main) {
        return of(name, EXTRA, description, main);
    }

    /** A sample's entry point. */
    @FunctionalInterface
    interface Main {
        void run(String[] args) throws Exception;
    }
}
