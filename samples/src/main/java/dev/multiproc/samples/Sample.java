package dev.multiproc.samples;

/** One runnable example: a name for the command line, a one-line description, and its main. */
public interface Sample {

    String name();

    String description();

    void run(String[] args) throws Exception;

    static Sample of(String name, String description, Main main) {
        return new Sample() {
            @Override
            public String name() {
                return name;
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

    /** A sample's entry point. */
    @FunctionalInterface
    interface Main {
        void run(String[] args) throws Exception;
    }
}
