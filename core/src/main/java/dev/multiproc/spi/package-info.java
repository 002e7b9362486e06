/**
 * What a front end built on this library (the Kotlin DSL, another language's bindings, a new
 * backend) needs from the engine beyond the public API, published and kept stable rather than
 * reached in {@code internal} packages: the engine's value encoding ({@link dev.multiproc.spi.ValueCodec}),
 * pool inputs that choose their own chunks ({@link dev.multiproc.spi.ChunkedInput}) or say when
 * they have items ({@link dev.multiproc.spi.ReadyInput}), and functions handed over already
 * encoded ({@link dev.multiproc.spi.PreEncodedFunction}).
 *
 * <p>Application code rarely needs it: {@code Pool} and the DSL cover what applications do.
 *
 * <pre>{@code
 * SerializableFunction<Integer, Integer> square = x -> x * x;
 * byte[] shipped = ValueCodec.encode(square);                  // fails here if it cannot travel
 * pool.imap(new PreEncodedFunction<>(square, shipped), batches, options);
 * }</pre>
 */
package dev.multiproc.spi;
