/**
 * The engine's one framing layer: {@link dev.multiproc.internal.wire.FrameBuilder} builds a
 * binary message, {@link dev.multiproc.internal.wire.FrameReader} reads it back. It depends on
 * nothing but the JDK, so every package that speaks over a connection (spawn, pool, queue,
 * manager) uses it; each message family keeps its own layout, documented next to its encoder.
 */
package dev.multiproc.internal.wire;
